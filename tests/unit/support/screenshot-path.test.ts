// Browser tests never rewrite the tracked pictures in docs/screenshots/ unless asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { screenshotPath } from '../../support/screenshot-path';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

test('[SCREENSHOTS] by default a screenshot goes to an ignored folder; UPDATE_SCREENSHOTS=1 writes docs/screenshots/', () => {
  const path = screenshotPath('handout.png', env({}));
  assert.equal(path, 'test-reports/screenshots/handout.png');
  // git itself says the folder is ignored, so a run leaves `git status` clean.
  assert.equal(execFileSync('git', ['check-ignore', path], { encoding: 'utf8' }).trim(), path);
  assert.equal(screenshotPath('handout.png', env({ UPDATE_SCREENSHOTS: '1' })), 'docs/screenshots/handout.png');
});
