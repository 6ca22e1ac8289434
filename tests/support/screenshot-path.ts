// Where a browser test writes a screenshot. The pictures in docs/screenshots/ are
// tracked (the README links them), so a test run must not rewrite them: by default
// they go to the ignored test-reports/screenshots/, and only UPDATE_SCREENSHOTS=1
// (asked for on purpose, to refresh the README's pictures) writes docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';

export function screenshotPath(fileName: string, env: NodeJS.ProcessEnv = process.env): string {
  const folder = env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-reports/screenshots';
  fs.mkdirSync(folder, { recursive: true });
  return path.join(folder, fileName);
}
