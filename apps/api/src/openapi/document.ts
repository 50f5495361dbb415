import { z } from 'zod';
import { errorBody } from './responses';

/** Who may call an operation: anyone, or a Bearer token of an account with role admin or superuser. */
export type Auth = 'public' | 'ml';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response: its description, and the schema of its body when it has one worth documenting. */
export type ResponseDoc = string | { description: string; schema?: z.ZodType; contentType?: string };

/**
 * One HTTP operation as the app mounts it. `params`, `query` and `body` are the very zod objects the route
 * passes to parseOr400, so the document cannot say something the validation does not do.
 */
export interface Operation {
  method: Method;
  /** The full path as a client calls it, OpenAPI style: `/api/ml/jobs/{jobId}/` for `/jobs/:jobId/`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** application/json unless said otherwise (an upload is multipart/form-data). */
  bodyType?: 'application/json' | 'multipart/form-data';
  /** Success and operation-specific error statuses; 400, 401 and 403 are added from the above. */
  responses: Record<number, ResponseDoc>;
}

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
  tags: { name: string; description: string }[];
}

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/**
 * A request schema as a client sends it (`io: 'input'`: defaults make a field optional, a query boolean is
 * its string form). Draft 2020-12, which is OpenAPI 3.1's schema dialect; the `$schema` key is dropped
 * because the document already says which dialect it uses.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
  return rest as JsonSchema;
}

/** One OpenAPI parameter per field of a path or query object; required when the field has no default. */
function parameters(where: 'path' | 'query', schema: z.ZodObject | undefined) {
  if (!schema) return [];
  const object = jsonSchema(schema);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function response(doc: ResponseDoc, status: number) {
  const { description, schema, contentType } = typeof doc === 'string' ? { description: doc } : doc;
  if (schema) {
    return {
      description,
      content: { [contentType ?? 'application/json']: { schema: jsonSchema(schema, 'output') } },
    };
  }
  return status >= 400
    ? { description, content: { 'application/json': { schema: ERROR_REF } } }
    : { description };
}

/** `post /api/ml/jobs/{jobId}/` → `postApiMlJobsJobId`: stable names for generated clients. */
function operationId(op: Operation): string {
  const words = op.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return op.method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function operationObject(op: Operation) {
  const responses: Record<string, ResponseDoc> = {};
  if (op.params || op.query || op.body) {
    responses[400] =
      '`validation_error`: `details.body`, `details.query` or `details.path` names each refused field and why.';
  }
  if (op.auth === 'ml') {
    responses[401] =
      '`unauthorized`: no token, an invalid or expired one, or an account that no longer exists.';
    responses[403] = '`forbidden`: the account is neither admin nor superuser.';
  }
  Object.assign(responses, op.responses);
  const body = op.body ? jsonSchema(op.body) : null;
  const parameterList = [...parameters('path', op.params), ...parameters('query', op.query)];
  return {
    operationId: operationId(op),
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: op.auth === 'ml' ? [{ bearerAuth: [] }] : [],
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    // A body whose every field has a default may be left out: an empty POST is the defaults.
    ...(body
      ? {
          requestBody: {
            required: (body.required ?? []).length > 0,
            content: { [op.bodyType ?? 'application/json']: { schema: body } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(responses).map(([status, doc]) => [status, response(doc, Number(status))]),
      ),
      default: {
        description: 'Any other error in the same shape: 500 `internal_error`, 503 `database_unavailable`.',
        content: { 'application/json': { schema: ERROR_REF } },
      },
    },
  };
}

/** The OpenAPI 3.1 document of `operations`. */
export function buildDocument(info: DocumentInfo, operations: readonly Operation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    tags: info.tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The `access` token of POST /api/auth/token/ (HS256, expires after `expires_in` seconds).',
        },
      },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
  };
}
