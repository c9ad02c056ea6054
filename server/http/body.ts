// JSON request bodies: media type, size, syntax and schema checked before the handler runs.
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';
import { parseInput } from './schemas.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
export const MAX_BODY_BYTES = 16_384;

/** Validated JSON body middleware; typed like Hono's validator so hc<AppType> sees the input. */
export function jsonBody<T extends z.ZodType>(
  schema: T,
  maxBytes = MAX_BODY_BYTES,
): MiddlewareHandler<any, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }> {
  return async (c, next) => {
    if (!JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json', 'content-type');
    }
    const tooLarge = new ApiError(413, 'body_too_large', `the body exceeds ${maxBytes} bytes`, 'body');
    if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooLarge;
    const text = await c.req.text();
    if (Buffer.byteLength(text, 'utf8') > maxBytes) throw tooLarge;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'malformed_json', 'the body is not valid JSON', 'body');
    }
    // A schema's complaint about the whole value would otherwise name no field.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiError(400, 'invalid_input', 'the body is a JSON object', 'body');
    }
    c.req.addValidatedData('json', parseInput(schema, value) as object);
    await next();
  };
}
