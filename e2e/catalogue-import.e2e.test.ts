import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, newPage, screenshot, signedInPage, signInThroughForm, startBrowserRun, type BrowserRun } from './support.ts';

const fixtures = path.resolve(import.meta.dirname, '../../shared/fixtures/marc');

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun();
});
afterAll(() => run?.close());

describe('catalogue import in a browser', () => {
  it('uploads a partly broken MARC file, follows its progress to the end and shows the rejected records with reasons', async () => {
    const page = await newPage(run);
    await signInThroughForm(page);
    await page.getByRole('link', { name: 'Import records' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import catalogue records' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Catalogue file').setInputFiles(path.join(fixtures, 'bad_records.mrc'));
    expect(await page.getByLabel('Format').inputValue()).toBe('marc');
    await page.getByRole('button', { name: 'Start import' }).click();

    const progress = page.getByRole('progressbar');
    await page.getByText('The import has finished.').waitFor();
    // The bar's own figures: every one of the file's 8 records read, none forced.
    expect(await progress.getAttribute('max')).toBe('8');
    expect(await progress.getAttribute('value')).toBe('8');
    await expect.poll(() => page.getByRole('progressbar', { name: 'Finished' }).count()).toBe(1);
    await page.getByText('8 of 8 records read').waitFor();

    const report = page.getByRole('table', { name: /records need attention/ });
    await expect.poll(() => report.getByRole('row').count()).toBe(7);
    await report.getByRole('cell', { name: /base address of data/ }).first().waitFor();
    const history = page.getByRole('table', { name: /1 import/ });
    await history.getByRole('rowheader', { name: 'bad_records.mrc' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'catalogue-import');

    // Each reason is coded, so the report reads in the reader's language.
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('table', { name: /مراجعة/ }).getByRole('cell', { name: /عنوان بداية البيانات/ }).first().waitFor();
    await expectAccessible(page);
  });

  it('says when the report lists only the first thousand rejections', async () => {
    const page = await signedInPage(run);
    await page.goto('/catalogue/import');
    await page.getByRole('heading', { level: 1, name: 'Import catalogue records' }).waitFor();
    const rows = Array.from({ length: 1002 }, (_, i) => `Record ${i},vinyl`);
    await page.getByLabel('Catalogue file').setInputFiles({ name: 'vinyl.csv', mimeType: 'text/csv', buffer: Buffer.from(['title,format', 'Kept,book', ...rows].join('\n')) });
    expect(await page.getByLabel('Format').inputValue()).toBe('csv');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('The import has finished.').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Finished' });
    expect(await progress.getAttribute('max')).toBe('1003');
    expect(await progress.getAttribute('value')).toBe('1003');
    await page.getByText('This report lists only the first 1000 rejections and the first 1000 warnings: 2 more rejections and 0 more warnings are not listed.').waitFor();
    await expectAccessible(page);
  });

  it('refuses a file that is not MARC and says why', async () => {
    const page = await signedInPage(run, { viewport: { width: 320, height: 640 } });
    await page.goto('/catalogue/import');
    await page.getByRole('heading', { level: 1, name: 'Import catalogue records' }).waitFor();
    await page.getByLabel('Catalogue file').setInputFiles({ name: 'notes.mrc', mimeType: 'application/octet-stream', buffer: Buffer.from('these are not MARC records') });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be read' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    // The reason is coded, so it reads in Arabic too: a MARCXML file sent as ISO 2709 looks like XML.
    await page.getByLabel('Language').selectOption('ar');
    await page.getByLabel('ملف الفهرس').setInputFiles({ name: 'records.mrc', mimeType: 'application/octet-stream', buffer: Buffer.from('<?xml version="1.0"?><collection/>') });
    await page.getByRole('button', { name: 'بدء الاستيراد' }).click();
    await page.getByRole('alert').filter({ hasText: 'يبدو أنه ملف XML' }).waitFor();
    await expectAccessible(page);
  });
});
