import { AppError } from '@boutique/shared';
import type { z } from 'zod';

/** One entry per invalid field: where it is and why it was refused. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * One entry per issue. Needs issues parsed with `reportInput: true`: an issue without an input is a missing
 * field ("is required"); with one, it is a value of the wrong type (the schema's own message).
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.code === 'invalid_type' && issue.input === undefined
          ? 'is required'
          : issue.message,
  }));
}

/** Parses `input` with `schema`, or throws a 400 that names each bad field and why. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.output<S> {
  const result = schema.safeParse(input ?? (where === 'body' ? {} : input), { reportInput: true });
  if (result.success) return result.data;
  const problems = fieldProblems(result.error);
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new AppError('validation_error', `Invalid request ${where}: ${summary}`, { [where]: problems });
}

/** Postgres text cannot hold U+0000: refuse it where it arrives, naming the field, not in the query. */
export function withoutNul<S extends z.ZodString>(schema: S): S {
  return schema.refine((v) => !v.includes('\u0000'), 'must not contain the character U+0000') as S;
}
