import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type UserRole, users } from '../schema';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: UserRole;
}

/** The user with this username, or null. */
export async function userByUsername(db: DbOrTx, username: string): Promise<UserRecord | null> {
  const [row] = await db
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash, role: users.role })
    .from(users)
    .where(eq(users.username, username))
    .limit(1);
  return row ?? null;
}

/** Creates a user, or with `replace` sets the password and role of an existing one. */
export async function upsertUser(
  db: DbOrTx,
  user: { username: string; passwordHash: string; role: UserRole },
  options: { replace: boolean },
): Promise<{ id: string; saved: boolean }> {
  const insert = db.insert(users).values(user);
  const rows = options.replace
    ? await insert
        .onConflictDoUpdate({
          target: users.username,
          set: { passwordHash: user.passwordHash, role: user.role },
        })
        .returning({ id: users.id })
    : await insert.onConflictDoNothing().returning({ id: users.id });
  const row = rows[0];
  if (row) return { id: row.id, saved: true };
  // The username was taken and `replace` is off: report the existing user untouched.
  const existing = await userByUsername(db, user.username);
  if (!existing) throw new Error(`user ${user.username} vanished while being created`);
  return { id: existing.id, saved: false };
}

/** The current role of a user by id, or null when the account no longer exists. */
export async function userRoleById(db: DbOrTx, id: string): Promise<UserRole | null> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, id)).limit(1);
  return row?.role ?? null;
}
