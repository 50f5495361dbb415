import { ApiError, signIn } from '../api';
import { h, notice, show } from '../dom';

/** The sign-in form: POST /api/auth/token/, then on to where the admin was going. */
export function loginPage(root: HTMLElement, message: string | null, next: () => void): void {
  const error = h('div', { id: 'login-error' });
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Sign in'),
    h('p', { class: 'muted' }, 'The back office of the boutique: forecasts, customers, stock.'),
    message ? notice(message) : null,
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    submit,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    show(error);
    try {
      await signIn(username.value.trim(), password.value);
      next();
    } catch (err) {
      const text =
        err instanceof ApiError && err.status === 401
          ? 'Wrong username or password.'
          : (err as Error).message || 'Could not sign in.';
      show(error, notice(text, 'error'));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  show(root, form);
  username.focus();
}
