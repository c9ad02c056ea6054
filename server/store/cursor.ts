// Opaque keyset cursor for the issue ledger, ordered by (reportedAt, id) descending.
export interface IssueCursor {
  reportedAt: string;
  id: number;
}

export function encodeIssueCursor(cursor: IssueCursor): string {
  return Buffer.from(JSON.stringify([cursor.reportedAt, cursor.id]), 'utf8').toString('base64url');
}

/** Null when the text is not a cursor this module wrote. */
export function decodeIssueCursor(text: string): IssueCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [reportedAt, id] = value;
    if (typeof reportedAt !== 'string' || !Number.isSafeInteger(id) || Number.isNaN(Date.parse(reportedAt))) return null;
    return { reportedAt, id };
  } catch {
    return null;
  }
}
