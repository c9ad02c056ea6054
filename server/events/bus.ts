// In-process publish/subscribe for committed writes. Events are plain JSON-serialisable objects so a
// bridge can carry them between processes: a PostgreSQL one would publish with
// pg_notify('gridmap_events', JSON.stringify(event)) and deliver what LISTEN hears to local
// subscribers (every process, the writer included, then hears each event exactly once).
import type { IssueView } from '../store/store.ts';

export type DomainEvent =
  /** A problem was logged (the stored record, as read back). */
  | { type: 'issue'; issue: IssueView }
  /** A township's grid plan got a new version (a save or a rollback): grid, village and township shapes changed. */
  | { type: 'plan'; townshipCode: string; version: number; dataVersion: number }
  /** Some write committed; clients refetch what they show. */
  | { type: 'version'; dataVersion: number };

export type EventListener = (event: DomainEvent) => void;

export interface EventBus {
  /** Delivers to every current subscriber, synchronously and in subscription order. */
  publish(event: DomainEvent): void;
  /** Returns the unsubscribe function (calling it twice is harmless). */
  subscribe(listener: EventListener): () => void;
  subscriberCount(): number;
}

export interface EventBusOptions {
  /** Receives errors thrown by a listener; the other listeners still get the event. */
  onListenerError?: (error: unknown) => void;
}

export function createEventBus(options: EventBusOptions = {}): EventBus {
  const listeners = new Set<EventListener>();
  const onListenerError = options.onListenerError ?? ((error: unknown) => console.error(error));
  return {
    publish(event) {
      // A copy, so listeners may unsubscribe (or subscribe others) while being called.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      // Wrapped so the same function subscribed twice counts as two subscriptions.
      const entry: EventListener = (event) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    subscriberCount() {
      return listeners.size;
    },
  };
}
