import { expect, type Page } from '@playwright/test';

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

  async issueLink(options: { accessCheck: 'code' | 'birth_date'; days: string }) {
    await this.page.getByLabel('Expires after').selectOption(options.days);
    await this.page.getByLabel(options.accessCheck === 'code' ? 'a generated access code' : "the patient's date of birth").check();
    await this.page.getByRole('button', { name: 'Create share link' }).click();
    const url = (await this.page.getByTestId('share-url').textContent())!.trim();
    const code = options.accessCheck === 'code' ? (await this.page.getByTestId('access-code').textContent())!.trim() : null;
    return { url, code };
  }
}
