import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { AppError } from '@/lib/errors';
import { describeFailure } from '@/lib/logging/describe-failure';

/** What node-postgres throws for a unique violation: the values sit in `detail`. */
function uniqueViolation(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "patients_facility_patient_id"'), {
    code: '23505',
    constraint: 'patients_facility_patient_id',
    table: 'patients',
    detail: 'Key (facility_id, patient_id)=(f1, MRN-4711) already exists.',
  });
}

describe('[LOGS] describeFailure', () => {
  test('[LOGS] a failed query is named by its statement, never by the values it carried', () => {
    const query = new DrizzleQueryError('insert into "patients" ("name", "patient_id") values ($1, $2)', ['DOE^JANE', 'MRN-4711'], uniqueViolation());
    const wrapped = new AppError('unavailable:quarantine_accept', 'The images could not be accepted.', { cause: query });
    const text = describeFailure(wrapped);

    assert.match(text, /^AppError: unavailable:quarantine_accept: The images could not be accepted\./);
    assert.match(text, /caused by Error: failed query: insert into "patients" \("name", "patient_id"\) values \(\$1, \$2\)/);
    assert.match(text, /caused by Error: duplicate key value violates unique constraint "patients_facility_patient_id" \[code=23505 constraint=patients_facility_patient_id table=patients\]/);
    assert.doesNotMatch(text, /DOE\^JANE|MRN-4711/);
    assert.match(text, /\n {4}at /, 'stack frames say where');
  });

  test('[LOGS] a long or looping cause chain stops, and a thrown non-error is named by its type only', () => {
    const loop = new Error('outer');
    (loop as { cause?: unknown }).cause = loop;
    assert.equal(describeFailure(loop).split('\n').filter((l) => l.includes('outer')).length, 5);
    assert.equal(describeFailure('MRN-4711 not found'), 'a thrown string');
  });
});
