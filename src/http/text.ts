import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type FieldError, LedgerError } from '../ledger/errors.js';
import { unstorable } from '../ledger/text.js';

/** At most this many of the offending strings are named; one is enough to fix the request. */
const ERRORS_MAX = 10;

interface Step {
  value: unknown;
  key: string;
  parent: Step | undefined;
}

/** "metadata.a\u0000b": the keys from the root, with anything unprintable escaped. */
function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | undefined = step; s; s = s.parent) keys.push(JSON.stringify(s.key).slice(1, -1));
  return keys.reverse().join('.');
}

/**
 * Every string and key in a parsed body, query or set of path parameters, walked without
 * recursion: a JSON body may nest deeper than the stack. Paths are built only on a find.
 */
function unstorableIn(root: unknown, errors: FieldError[]): void {
  if (typeof root === 'string') {
    const message = unstorable(root);
    if (message) errors.push({ path: 'body', message });
    return;
  }
  const stack: Step[] = [];
  const push = (value: unknown, parent: Step | undefined) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const step = { value: child, key, parent };
      const inKey = unstorable(key);
      if (inKey) errors.push({ path: pathOf(step), message: `the name ${inKey}` });
      stack.push(step);
    }
  };
  push(root, undefined);
  while (stack.length > 0 && errors.length < ERRORS_MAX) {
    const step = stack.pop() as Step;
    if (typeof step.value === 'string') {
      const message = unstorable(step.value);
      if (message) errors.push({ path: pathOf(step), message });
    } else {
      push(step.value, step);
    }
  }
}

/**
 * Refuses, before validation and so before anything is written, a request whose body, query
 * or path holds a string that cannot be stored as text. One guard for every route, so that
 * no field can forget it.
 */
export const storableText = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const errors: FieldError[] = [];
      unstorableIn(request.params, errors);
      unstorableIn(request.query, errors);
      unstorableIn(request.body, errors);
      if (errors.length > 0) {
        throw new LedgerError('validation_failed', 'the request holds text that is not well-formed Unicode or contains NUL', errors.slice(0, ERRORS_MAX));
      }
    });
  },
  { name: 'storable-text' },
);
