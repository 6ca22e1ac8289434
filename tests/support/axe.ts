// axe-core in the page under test (WCAG 2 A and AA rules): returns the serious
// and critical violations, each as one readable line, so a failure names them.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa'])
    // The embedded OHIF viewer is a third-party application with its own accessibility; our pages are what is checked here.
    .exclude('iframe.viewer-frame')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
