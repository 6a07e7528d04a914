// Drives casehub's department console in Debian's headless Chromium, as a member of staff
// would with a mouse: log in, open the case from the to-do list, accept and complete matter 1,
// then open the phone page. Usage: node console.mjs BASE_URL USER PASSWORD CODE TOKEN
// Prints "ok" lines and exits non-zero at the first failed expectation.
import { chromium } from 'playwright-core';

const [base, user, password, code, token] = process.argv.slice(2);
let failed = 0;
function expect(ok, what) {
  console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
  if (!ok) failed++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${base}/console/`);
  expect(page.url().endsWith('/console/login'), 'unauthenticated console redirects to login');
  await page.fill('#user', user);
  await page.fill('#password', 'wrong password');
  await page.click('#login');
  expect(await page.isVisible('#login-failed'), 'a wrong password is refused');
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#login');
  await page.waitForSelector('#todo');
  const cookies = await page.context().cookies();
  const sess = cookies.find((c) => c.name === 'casehub_session');
  expect(sess && sess.httpOnly && sess.sameSite === 'Strict', 'session cookie is HttpOnly, SameSite=Strict');
  const link = page.locator('a.case-link', { hasText: code }).first();
  expect(await link.count() === 1, 'the submitted case is in the to-do list');
  await link.click();
  await page.waitForSelector('#case-code');
  expect((await page.textContent('#form')).includes('张三明'), 'the case shows its form data');
  const imgOk = await page.$eval('img.page', (i) => i.complete && i.naturalWidth > 0);
  expect(imgOk, 'the scanned page is shown');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 1366, `readable at 1366x768 without horizontal scrolling (width ${width})`);
  await page.screenshot({ path: process.env.SHOT || '/dev/null' }).catch(() => {});
  await page.click('#do-1-accepted');
  await page.waitForSelector('#status-1');
  expect((await page.textContent('#status-1')).trim().startsWith('已受理'), 'matter 1 accepted');
  await page.fill('#note-1-completed', '已接收报到，安置待遇已登记');
  await page.click('#do-1-completed');
  await page.waitForSelector('#status-1');
  expect((await page.textContent('#status-1')).trim().startsWith('已办结'), 'matter 1 completed');
  expect(await page.locator('#do-1-rejected').count() === 0, 'a completed matter offers no actions');
  expect(await page.locator('#do-3-accepted').count() === 0,
         "another department's matter offers no actions");

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const r = await phone.goto(`${base}/s/${code}?t=${token}`);
  expect(r.status() === 200, 'the phone page answers with the right token');
  expect((await phone.textContent('#status-1')).includes('已办结'), 'the phone page shows the completion');
  expect((await phone.textContent('#name')).trim() === '张*明', 'the phone page masks the name');
  expect(!(await phone.content()).includes('张三明'), 'the full name is not on the phone page');
  const bad = await phone.goto(`${base}/s/${code}?t=AAAAAAAAAAAAAAAA`);
  expect(bad.status() === 404, 'a wrong token gives 404');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
