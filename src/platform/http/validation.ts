import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function ajvWith(options: Options) {
  return addFormats(new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options }));
}

// Bodies are typed JSON: "5" is not a number there. Query strings and paths are text, so they coerce.
const bodyAjv = ajvWith({ coerceTypes: false });
const textAjv = ajvWith({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: Object.assign(new Error('invalid'), { validation: validate.errors }) });
};
