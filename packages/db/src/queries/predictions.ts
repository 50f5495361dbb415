import type { DbOrTx } from '../client';
import { predictions } from '../schema';

/** Records one served prediction request (the guide's prediction history). */
export async function recordPrediction(
  db: DbOrTx,
  entry: {
    modelId: string;
    predictionType: string;
    input: Record<string, unknown>;
    output: Record<string, unknown>;
    userId: string | null;
  },
): Promise<string> {
  const [row] = await db.insert(predictions).values(entry).returning({ id: predictions.id });
  if (!row) throw new Error('insert into predictions returned no row');
  return row.id;
}
