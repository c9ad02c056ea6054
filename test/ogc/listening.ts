// The fixture app listening on a loopback port, for clients that speak HTTP themselves (GDAL).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../../server/http/serve.ts';
import { makeTestApp, type TestApp } from '../http/helpers.ts';

export interface ListeningApp extends TestApp {
  origin: string;
  close(): Promise<void>;
}

export async function listenFixtureApp(): Promise<ListeningApp> {
  const testApp = makeTestApp();
  const server = await new Promise<Server>((done, fail) => {
    const started = startServer(testApp.app, { port: 0, hostname: '127.0.0.1' }, () => done(started));
    started.once('error', fail);
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      testApp.store.close();
    },
  };
}
