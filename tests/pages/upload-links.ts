import { expect, type Page } from '@playwright/test';

/** Staff asking for a patient's images (an upload link) and deciding what arrives, in the quarantine inbox. */
export class UploadLinksConsole {
  constructor(readonly page: Page) {}

  /** On a study page: the patient's upload links. */
  async openFromStudy() {
    await this.page.getByRole('link', { name: 'Ask for images (upload link)' }).click();
    await expect(this.page.getByRole('heading', { name: /^Ask for images ·/ })).toBeVisible();
  }

  async createLink(options: { accessCheck: 'birth_date' | 'code'; days: string; note?: string }) {
    await this.page.getByLabel('Open for').selectOption(options.days);
    await this.page.getByLabel(options.accessCheck === 'code' ? 'a generated access code' : "the patient's date of birth").check();
    if (options.note) await this.page.getByLabel('Note for the sender (optional)').fill(options.note);
    await this.page.getByRole('button', { name: 'Create upload link' }).click();
    const url = (await this.page.getByTestId('upload-link-url').textContent())!.trim();
    const code = options.accessCheck === 'code' ? (await this.page.getByTestId('upload-link-code').textContent())!.trim() : null;
    return { url, code };
  }

  async openQuarantine() {
    await this.page.getByRole('navigation').getByRole('link', { name: 'Quarantine' }).click();
    await expect(this.page.getByRole('heading', { name: 'Quarantine inbox' })).toBeVisible();
  }

  /** The inbox card of the upload for a patient (by the name the link was made for). */
  group(patientName: string) {
    return this.page.getByRole('region', { name: `Upload for ${patientName}` });
  }
}
