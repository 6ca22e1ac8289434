import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditCsvColumns, auditCsvHeader, auditCsvLine, csvField, csvLine } from '@/lib/audit/export/audit-csv';
import type { AuditLogRow } from '@/lib/audit/audit-log-query';

/** A small RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') throw new Error(`bare line break at ${i}`);
    else if (c === '"') throw new Error(`quote inside an unquoted field at ${i}`);
    else field += c;
  }
  assert.equal(quoted, false, 'no unterminated quoted field');
  assert.equal(field + record.join(''), '', 'the text ends with CRLF');
  return records;
}

test('[AUDIT] plain values are written as they are; empty and null are empty fields', () => {
  assert.equal(csvField('STUDY_VIEWED'), 'STUDY_VIEWED');
  assert.equal(csvField('203.0.113.7'), '203.0.113.7');
  assert.equal(csvField(42), '42');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(''), '');
  assert.equal(csvLine(['a', null, 'b']), 'a,,b\r\n');
});

test('[AUDIT] fields with a comma, a quote, CR or LF are quoted, quotes doubled (RFC 4180)', () => {
  assert.equal(csvField('Mozilla/5.0 (X11; Linux x86_64, like Gecko)'), '"Mozilla/5.0 (X11; Linux x86_64, like Gecko)"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('"'), '""""');
  assert.equal(csvField('line one\nline two'), '"line one\nline two"');
  assert.equal(csvField('a\r\nb'), '"a\r\nb"');
  assert.equal(csvField('tail\r'), '"tail\r"');
  const tricky = ['x,y', 'he said "no"', 'multi\r\nline', '', 'plain', ' spaced '];
  assert.deepEqual(parseCsv(csvLine(tricky)), [tricky]);
});

test('[AUDIT] cells a spreadsheet would run as a formula are neutralised with a leading quote', () => {
  assert.equal(csvField('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  assert.equal(csvField('=1+2'), "'=1+2");
  assert.equal(csvField('+41 22 000'), "'+41 22 000");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('@SUM(A1:A2)'), "'@SUM(A1:A2)");
  assert.equal(csvField('\t=cmd'), "'\t=cmd");
  assert.equal(csvField('\r=cmd'), `"'\r=cmd"`, 'prefixed, then quoted for the CR');
  assert.equal(csvField('=a,b'), `"'=a,b"`);
  // Only the first character matters: these are ordinary text.
  assert.equal(csvField('a=b'), 'a=b');
  assert.equal(csvField('DOE^JANE'), 'DOE^JANE');
  assert.equal(csvField(' =x'), ' =x');
  assert.deepEqual(parseCsv(csvLine(['=1+1', '-x', '@y'])), [["'=1+1", "'-x", "'@y"]]);
});

test('[AUDIT] an event is one line with every column, in the header order', () => {
  const row: AuditLogRow = {
    id: 1234,
    occurredAt: new Date('2026-03-04T05:06:07.089Z'),
    type: 'STUDY_VIEWED',
    action: 'R',
    outcome: 'failure',
    reason: 'consent_withdrawn',
    facilityId: '00000000-0000-4000-8000-000000000001',
    actorType: 'link',
    actorId: '1a2b3c4d-0000-4000-8000-000000000002',
    actorDisplay: 'link 1a2b3c4d',
    actorRole: 'named_recipient',
    purposeOfUse: 'TREAT',
    patient: { ref: '00000000-0000-4000-8000-000000000003', mrn: '=MRN-1', name: 'DOE^JANE, "JJ"' },
    studies: [
      { id: '00000000-0000-4000-8000-000000000004', uid: '1.2.3.4', description: 'CT' },
      { id: '00000000-0000-4000-8000-000000000005', uid: null, description: null },
    ],
    subjectType: 'study',
    subjectId: '00000000-0000-4000-8000-000000000004',
    clientIp: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)\r\nX-Injected: 1',
  };
  const [header, line] = parseCsv(auditCsvHeader + auditCsvLine(row));
  assert.deepEqual(header, [...auditCsvColumns]);
  const byColumn = Object.fromEntries(header!.map((h, i) => [h, line![i]]));
  assert.deepEqual(byColumn, {
    occurred_at: '2026-03-04T05:06:07.089Z',
    event_type: 'STUDY_VIEWED',
    action: 'R',
    outcome: 'failure',
    reason: 'consent_withdrawn',
    actor_type: 'link',
    actor: 'link 1a2b3c4d',
    actor_role: 'named_recipient',
    purpose_of_use: 'TREAT',
    patient_mrn: "'=MRN-1",
    patient_name: 'DOE^JANE, "JJ"',
    study_uids: '1.2.3.4 ref 00000000-0000-4000-8000-000000000005',
    subject: 'study:00000000-0000-4000-8000-000000000004',
    client_ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)\r\nX-Injected: 1',
    event_id: '1234',
  });
});
