import { expect, type Page } from '@playwright/test';

/** Everything a clerk can set on the study page's "Share with a link" form. */
export type ShareFormEntry = {
  recipient: 'patient' | 'named' | 'any_holder';
  specialistEmail?: string;
  purpose?: 'treatment' | 'second_opinion' | 'research';
  days: string;
  accessCheck: 'birth_date' | 'code';
  maxOpens?: string;
  viewOnly?: boolean;
  note?: string;
};

const recipientLabels = {
  patient: 'the patient (their own right of access)',
  named: 'a named specialist, by e-mail',
  any_holder: 'anyone who has the link and its code',
} as const;
const accessCheckLabels = { birth_date: "the patient's date of birth", code: 'a generated access code' } as const;

/** The share form on a study page, driven and read back as a person sees it. */
export class ShareForm {
  constructor(readonly page: Page) {}

  form() {
    return this.page.locator('form').filter({ has: this.page.getByRole('button', { name: 'Create share link' }) });
  }

  submitButton() {
    return this.page.getByRole('button', { name: 'Create share link' });
  }

  async fill(entry: ShareFormEntry) {
    const form = this.form();
    await form.getByLabel(recipientLabels[entry.recipient]).check();
    if (entry.specialistEmail !== undefined) await form.getByLabel(/Specialist.s e-mail/).fill(entry.specialistEmail);
    if (entry.purpose) await form.getByLabel('Purpose').selectOption(entry.purpose);
    await form.getByLabel('Expires after').selectOption(entry.days);
    await form.getByLabel(accessCheckLabels[entry.accessCheck]).check();
    await this.openMoreOptions();
    if (entry.maxOpens !== undefined) await form.getByLabel(/Maximum number of opens/).fill(entry.maxOpens);
    if (entry.viewOnly) await form.getByLabel(/view only/).check();
    if (entry.note !== undefined) await form.getByLabel('Note to the recipient (optional)').fill(entry.note);
  }

  async openMoreOptions() {
    const details = this.form().locator('details');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  }

  /** Every field is shown as entered, and only the fields that apply to that recipient are shown. */
  async expectShowing(entry: ShareFormEntry) {
    const form = this.form();
    for (const [kind, label] of Object.entries(recipientLabels)) {
      const radio = form.getByLabel(label);
      if (kind === entry.recipient) await expect(radio, label).toBeChecked();
      else await expect(radio, label).not.toBeChecked();
    }
    const email = form.getByLabel(/Specialist.s e-mail/);
    if (entry.recipient === 'named') await expect(email).toHaveValue(entry.specialistEmail ?? '');
    else await expect(email).toBeHidden();
    const purpose = form.getByLabel('Purpose');
    if (entry.recipient === 'patient') await expect(purpose).toBeHidden();
    else await expect(purpose).toHaveValue(entry.purpose ?? 'treatment');
    await expect(form.getByLabel('Expires after')).toHaveValue(entry.days);
    await expect(form.getByLabel(accessCheckLabels[entry.accessCheck])).toBeChecked();
    await this.openMoreOptions();
    await expect(form.getByLabel(/Maximum number of opens/)).toHaveValue(entry.maxOpens ?? '');
    if (entry.viewOnly) await expect(form.getByLabel(/view only/)).toBeChecked();
    else await expect(form.getByLabel(/view only/)).not.toBeChecked();
    await expect(form.getByLabel('Note to the recipient (optional)')).toHaveValue(entry.note ?? '');
    // Forwarding is the patient's; it is not offered for anyone else.
    const forward = form.getByLabel(/may forward it/);
    if (entry.recipient === 'patient') await expect(forward).toBeVisible();
    else await expect(forward).toBeHidden();
  }

  /** What the browser would send if the button were pressed now (the framework's own fields left out). */
  async fieldsToSubmit(): Promise<Record<string, string>> {
    return this.form().evaluate((form) =>
      Object.fromEntries(
        [...new FormData(form as HTMLFormElement)].filter(([name]) => !name.startsWith('$') && name !== 'formKey').map(([name, value]) => [name, String(value)]),
      ),
    );
  }
}
