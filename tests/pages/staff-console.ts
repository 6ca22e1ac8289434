import { expect, type Page } from '@playwright/test';

type LinkOptions = { accessCheck: 'code' | 'birth_date'; days: string; specialistEmail?: string; anyHolder?: boolean };

/** The front desk's console, driven as a person would. */
export class StaffConsole {
  constructor(readonly page: Page) {}

  async signInAsDemoFrontDesk() {
    await this.page.goto('/sign-in');
    await this.page.getByRole('button', { name: 'Sign in as demo front desk' }).click();
    await expect(this.page).toHaveURL(/\/studies$/);
  }

  async upload(files: string[]) {
    await this.page.goto('/upload');
    await this.page.getByLabel('Files or ZIP').setInputFiles(files);
    await expect(this.page.getByTestId('upload-summary')).toBeVisible({ timeout: 120_000 });
  }

  async openUploadedStudy() {
    await this.page.getByRole('link', { name: 'Open the study' }).first().click();
    await expect(this.page.getByRole('heading', { name: 'Share with a link' })).toBeVisible();
  }

  /** On a study page: the consents page of its patient. */
  async openConsents() {
    await this.page.getByRole('link', { name: 'Consents to share' }).click();
    await expect(this.page.getByRole('heading', { name: /^Consents ·/ })).toBeVisible();
  }

  /** Records a named recipient's consent, signed by the patient on screen. */
  async recordNamedConsentSignedOnScreen(options: { name: string; email: string }) {
    const form = this.page.locator('form').filter({ has: this.page.getByRole('button', { name: 'Record consent' }) });
    await form.getByLabel('a named clinician or organisation').check();
    await form.getByLabel('Clinician or organisation', { exact: true }).fill(options.name);
    await form.getByLabel(/Their e-mail/).fill(options.email);
    await form.getByLabel('signed on this screen').check();
    const pad = form.getByTestId('signature-pad');
    const box = (await pad.boundingBox())!;
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) await this.page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? -20 : 20));
    await this.page.mouse.up();
    await expect(form.getByText('Signed.')).toBeVisible();
    await form.getByRole('button', { name: 'Record consent' }).click();
    await expect(this.page.getByRole('status')).toHaveText(/Consent recorded \(version 1\)/);
  }

  async issueLink(options: LinkOptions) {
    await this.fillLinkForm(options);
    await this.page.getByRole('button', { name: 'Create share link' }).click();
    const url = (await this.page.getByTestId('share-url').textContent())!.trim();
    const code = options.accessCheck === 'code' ? (await this.page.getByTestId('access-code').textContent())!.trim() : null;
    return { url, code };
  }

  /** Submits the link form expecting a refusal; returns its message. */
  async issueLinkRefused(options: LinkOptions) {
    await this.fillLinkForm(options);
    await this.page.getByRole('button', { name: 'Create share link' }).click();
    return (await this.page.locator('form').getByRole('alert').textContent())!;
  }

  async fillLinkForm(options: LinkOptions) {
    if (options.specialistEmail) {
      await this.page.getByLabel('a named specialist, by e-mail').check();
      await this.page.getByLabel(/Specialist.s e-mail/).fill(options.specialistEmail);
    } else if (options.anyHolder) {
      await this.page.getByLabel('anyone who has the link and its code').check();
    }
    await this.page.getByLabel('Expires after').selectOption(options.days);
    await this.page.getByLabel(options.accessCheck === 'code' ? 'a generated access code' : "the patient's date of birth").check();
  }
}
