import type Database from 'better-sqlite3';

import type { DeliveryLog } from './types.ts';

/** The delivery log over the store's database (the types live in types.ts, free of better-sqlite3). */
export function createDeliveryLog(database: Database.Database, now: () => string): DeliveryLog {
  const select = database.prepare<
    [string, string, string],
    { message_index: number; message_count: number; message_hash: string; delivered_at: string }
  >(
    'SELECT message_index, message_count, message_hash, delivered_at FROM deliveries WHERE post = ? AND channel = ? AND target = ? ORDER BY message_index',
  );
  const upsert = database.prepare(
    `INSERT INTO deliveries (post, channel, target, message_index, message_count, message_hash, delivered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (post, channel, target, message_index) DO UPDATE SET
       message_count = excluded.message_count, message_hash = excluded.message_hash, delivered_at = excluded.delivered_at`,
  );
  return {
    delivered: (key) =>
      select.all(key.post, key.channel, key.target).map((row) => ({
        index: row.message_index,
        count: row.message_count,
        hash: row.message_hash,
        deliveredAt: row.delivered_at,
      })),
    record(key, message) {
      upsert.run(key.post, key.channel, key.target, message.index, message.count, message.hash, now());
    },
  };
}
