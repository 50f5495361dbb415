import { AppError } from '@boutique/shared';
import type { z } from 'zod';

/** One entry per invalid field: where it is and why it was refused. */
export interface FieldProblem {
  field: string;
  message: string;
}

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
  const result = schema.safeParse(input ?? (where === 'body' ? {} : input));
  if (result.success) return result.data;
  const problems = fieldProblems(result.error);
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new AppError('validation_error', `Invalid request ${where}: ${summary}`, { [where]: problems });
}
