import * as fs from 'fs';
import { PAGE, renderCatalogPage } from '../../projenrc/endpoint-catalog-page';

test('docs/endpoint-catalog.md is what the code says: run `npx projen docs` after changing a table', () => {
  expect(fs.readFileSync(PAGE, 'utf8')).toBe(renderCatalogPage());
});

test('the catalog page names each preset endpoint, its purpose and what leads to it', () => {
  const page = renderCatalogPage();
  expect(page).toContain('| `ssmmessages` | SSM messages: carries ECS Exec sessions between the SSM agent in the task and Session Manager (TCP 443) '
    + '| yes | yes | has ECS Exec enabled');
  expect(page).toMatch(/\| `sqs` \| SQS: the application sends, receives and deletes queue messages \(TCP 443\) \| {2}\| {2}\| {2}\| `sqs:\*` \|/);
  expect(page).toContain('| `email-smtp` | SES SMTP: the application sends mail over SMTP (ports 25, 465, 587, 2465, 2587) |');
  expect(page).toContain('| `athena` | the application calls the service (TCP 443) |');
});
