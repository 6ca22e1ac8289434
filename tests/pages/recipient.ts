import { expect, type Page } from '@playwright/test';

/** Someone who received a share link: the patient or their specialist. */
export class Recipient {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
  }

  /** Answers the access check (the English or Spanish page). */
  async answer(value: string) {
    await this.page.getByLabel(/Access code|date of birth|Código de acceso|fecha de nacimiento/).fill(value);
    await this.page.getByRole('button', { name: /^(Continue|Continuar)$/ }).click();
  }

  async expectRefused(pattern: RegExp) {
    await expect(this.page.locator('main').getByRole('alert')).toHaveText(pattern);
  }

  sharedStudies() {
    return this.page.getByTestId('shared-study');
  }

  /** The language switch in the page's banner. */
  async chooseLanguage(name: 'English' | 'Español') {
    const button = this.page.getByRole('navigation', { name: /Language|Idioma/ }).getByRole('button', { name });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }
}
