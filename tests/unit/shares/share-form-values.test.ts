import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shareFormDefaults, shareFormValuesFrom, shareLinkInputFrom } from '@/app/(staff)/studies/[studyId]/share-form-values';

const studyId = '00000000-0000-4000-8000-000000000001';
const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

test('[SHARE] the form is sent back exactly as entered', () => {
  const values = shareFormValuesFrom(
    form({ recipientKind: 'named', recipientEmail: 'Dr.Lee@Clinic.test ', purpose: 'second_opinion', expiresInDays: '14', accessCheck: 'code', maxOpens: '3', viewOnly: 'on', noteToRecipient: 'Compare with 2024.', handedTo: 'Dr Ruiz’s office' }),
  );
  assert.deepEqual(values, {
    recipientKind: 'named', recipientEmail: 'Dr.Lee@Clinic.test ', purpose: 'second_opinion', expiresInDays: '14', accessCheck: 'code',
    deliveryEmail: '', maxOpens: '3', viewOnly: true, allowForward: false, alertEmail: '', noteToRecipient: 'Compare with 2024.',
    handedTo: 'Dr Ruiz’s office',
  });
});

test('[SHARE] only the fields shown for the chosen recipient reach the domain', () => {
  // A specialist's address and a purpose left in fields hidden once "the patient" was chosen again.
  const forPatient = shareLinkInputFrom(studyId, shareFormValuesFrom(form({ recipientKind: 'patient', recipientEmail: 'dr.lee@clinic.test', purpose: 'research', expiresInDays: '7', accessCheck: 'code', allowForward: 'on' })));
  assert.equal(forPatient.recipientEmail, undefined);
  assert.equal(forPatient.purpose, undefined);
  assert.equal(forPatient.allowForward, true);
  // Forwarding is the patient's alone, whatever a hidden checkbox says.
  const forHolder = shareLinkInputFrom(studyId, shareFormValuesFrom(form({ recipientKind: 'any_holder', recipientEmail: 'dr.lee@clinic.test', purpose: 'research', expiresInDays: '7', accessCheck: 'code', allowForward: 'on' })));
  assert.equal(forHolder.recipientEmail, undefined);
  assert.equal(forHolder.purpose, 'research');
  assert.equal(forHolder.allowForward, false);
});

test('[SHARE] a fresh form: the patient, 7 days, the date of birth when on file, else a code', () => {
  assert.deepEqual(
    [shareFormDefaults({ maxDays: 30, hasBirthDate: true }), shareFormDefaults({ maxDays: 5, hasBirthDate: false })].map((d) => [d.recipientKind, d.expiresInDays, d.accessCheck]),
    [['patient', '7', 'birth_date'], ['patient', '1', 'code']],
  );
});
