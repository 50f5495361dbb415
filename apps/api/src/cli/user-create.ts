import { parseArgs } from 'node:util';
import { createDatabase, USER_ROLES, type UserRole, upsertUser } from '@boutique/db';
import { hashPassword } from '@boutique/shared';

const USAGE = `Usage: npm run user:create -- --username U --password P --role ${USER_ROLES.join('|')} [--update]

Creates a user (password hashed with argon2id). --update sets the password and role of an existing user.
The password may also come from the BOUTIQUE_PASSWORD environment variable, to keep it out of shell history.
Needs DATABASE_URL.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(code);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        update: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return fail((err as Error).message);
  }
})();

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const username = values.username?.trim();
const password = values.password ?? process.env.BOUTIQUE_PASSWORD;
const role = values.role as UserRole | undefined;
if (!username || !/^[A-Za-z0-9_.@-]{1,150}$/.test(username)) {
  fail('--username is required: 1–150 letters, digits, or _ . @ -');
}
if (!password || password.length < 8) fail('--password is required and must have at least 8 characters');
if (!role || !USER_ROLES.includes(role)) fail(`--role must be one of: ${USER_ROLES.join(', ')}`);
const url = process.env.DATABASE_URL;
if (!url) fail('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/boutique)');

const database = createDatabase(url, { max: 1, applicationName: 'boutique-ml-user-create' });
try {
  const passwordHash = await hashPassword(password);
  const result = await upsertUser(database.db, { username, passwordHash, role }, { replace: values.update });
  if (!result.saved) {
    fail(`User "${username}" already exists; pass --update to set a new password and role.`, 1);
  }
  process.stdout.write(`${values.update ? 'Saved' : 'Created'} user "${username}" with role ${role}.\n`);
} finally {
  await database.close();
}
