import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerMismatches } from '@/lib/quarantine/header-summary';

const patient = { patientId: 'MRN-1', birthDate: '1975-01-02' };

test('[QUARANTINE] the same PatientID and birth date: no mismatch', () => {
  assert.deepEqual(headerMismatches({ patientId: 'MRN-1', birthDate: '1975-01-02' }, patient), []);
});

test('[QUARANTINE] another facility’s PatientID and another birth date are both flagged', () => {
  assert.deepEqual(headerMismatches({ patientId: 'OTHER-9', birthDate: '1975-02-01' }, patient), ['patient_id', 'birth_date']);
});

test('[QUARANTINE] a birth date missing on either side is not a mismatch; PatientIDs are compared exactly (case counts)', () => {
  assert.deepEqual(headerMismatches({ patientId: 'MRN-1', birthDate: null }, patient), []);
  assert.deepEqual(headerMismatches({ patientId: 'MRN-1', birthDate: '1975-02-01' }, { patientId: 'MRN-1', birthDate: null }), []);
  assert.deepEqual(headerMismatches({ patientId: 'mrn-1', birthDate: '1975-01-02' }, patient), ['patient_id']);
});

