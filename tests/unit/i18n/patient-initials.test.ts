import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patientInitials } from '@/lib/studies/patient-initials';

test('[HANDOUT] initials read given, middle, family from a DICOM name, and nothing else of it', () => {
  assert.equal(patientInitials('ENDTOEND^ROBIN'), 'R.E.');
  assert.equal(patientInitials('Doe^Jane^Quinn^Dr^PhD'), 'J.Q.D.');
  assert.equal(patientInitials('García López^José María'), 'J.M.G.L.');
  assert.equal(patientInitials('Öztürk^ümit'), 'Ü.Ö.');
  assert.equal(patientInitials('Yamada^Tarou=山田^太郎'), 'T.Y.');
  assert.equal(patientInitials('Robin Endtoend'), 'R.E.');
  assert.equal(patientInitials('^^'), '');
  assert.equal(patientInitials(''), '');
  assert.equal(patientInitials(null), '');
});
