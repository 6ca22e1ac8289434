import { expect, type Page } from '@playwright/test';

/** Someone who received a share link: the patient or their specialist. */
export class Recipient {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
  }

  async answer(value: string) {
    await this.page.getByLabel(/Access code|date of birth/).fill(value);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async expectRefused(pattern: RegExp) {
    await expect(this.page.locator('main').getByRole('alert')).toHaveText(pattern);
  }

  sharedStudies() {
    return this.page.getByTestId('shared-study');
  }
}
