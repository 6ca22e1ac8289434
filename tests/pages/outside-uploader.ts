import { expect, type Page } from '@playwright/test';

/** Someone outside (the patient, another hospital) sending images through an upload link, often on a phone. */
export class OutsideUploader {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(/^Send images to /);
  }

  async answer(value: string) {
    await this.page.getByLabel(/Access code|date of birth/).fill(value);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async expectRefused(pattern: RegExp) {
    await expect(this.page.locator('main').getByRole('alert')).toHaveText(pattern);
  }

  /** Sends a whole folder (a CD copied to disk) and waits for the summary line. */
  async sendFolder(dir: string) {
    await this.page.getByLabel('Or choose a whole folder (e.g. the CD)').setInputFiles(dir);
    await expect(this.page.getByTestId('upload-summary')).toBeVisible({ timeout: 120_000 });
  }

  /** The per-file result shown for a file whose name matches. */
  resultFor(name: RegExp) {
    return this.page.getByTestId('upload-results').getByRole('listitem').filter({ hasText: name });
  }
}
