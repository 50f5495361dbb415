import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Roles a user can hold; only admin and superuser may use the ML API. */
export const USER_ROLES = ['admin', 'superuser', 'staff', 'customer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_role_valid', sql`${t.role} in ('admin', 'superuser', 'staff', 'customer')`),
    // A plain password can never pass this: argon2/bcrypt hashes start with `$`.
    check('users_password_is_hash', sql`${t.passwordHash} like '$%'`),
  ],
);
