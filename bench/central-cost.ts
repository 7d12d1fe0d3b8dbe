// `npx projen cost`: per-VPC against central interface endpoints for N spokes, and the break-even N.
// Options: --endpoints 8 --azs 3 --gb 0 --profile-hourly <price> --vpcs-per-account 5
import { breakEvenSpokes, centralCost, CentralCostInputs } from '../src/shared/cost';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const number = (name: string, fallback?: number): number | undefined => {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value >= 0)) throw new Error(`--${name} ${text} is not a number of 0 or more`);
  return value;
};

const base: Omit<CentralCostInputs, 'spokes'> = {
  endpoints: number('endpoints', 8)!,
  azs: number('azs', 3)!,
  gbPerSpoke: number('gb', 0),
  profileAssociationHourly: number('profile-hourly'),
};
const perAccount = number('vpcs-per-account', 5)!;
const money = (dollars: number) => `$${dollars.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const rows = [1, 5, 20, 100].map((spokes) => {
  const cost = centralCost({ ...base, spokes });
  const cheaper = cost.centralTotal < cost.perVpcTotal ? 'central' : 'per-VPC';
  return `| ${spokes} | ${money(cost.perVpcTotal)} | ${money(cost.centralTotal)} | ${cheaper} |`;
});
const one = centralCost({ ...base, spokes: 1 });
const breakEven = breakEvenSpokes(base);
const profileNote = base.profileAssociationHourly === undefined
  ? 'The Route 53 Profile association charge is NOT included: Route 53 bills Profiles per Profile-VPC association hour, in tiers (Route 53 '
    + 'pricing page, "Profiles"), which this machine cannot reach. Read there the price of your region and which account pays it, and pass it with '
    + '--profile-hourly. For few VPCs per account it can outweigh the endpoints saved.'
  : `The Route 53 Profile association is included at $${base.profileAssociationHourly} per association-hour (--profile-hourly).`;

console.log([
  `# Per-VPC against central interface endpoints: ${base.endpoints} endpoints in ${base.azs} AZs, ${base.gbPerSpoke} GB per spoke a month`,
  '',
  'Prices: interface endpoint $0.01 per AZ-hour (PrivateLink pricing, us-east-1), transit gateway attachment $0.05 an hour and $0.02 per GB '
    + '(Transit Gateway pricing, us-east-1), 730 hours a month. Each endpoint\'s own $0.01 per GB is the same either way and left out. '
    + profileNote,
  '',
  '| spoke VPCs | per-VPC endpoints, a month | central (hub endpoints + attachments + transit gateway data), a month | cheaper |',
  '|---:|---:|---:|---|',
  ...rows,
  '',
  breakEven === undefined
    ? 'Central never costs less with these numbers: one attachment costs more than the endpoints it replaces.'
    : `Break-even: central costs less from ${breakEven} spoke VPC${breakEven === 1 ? '' : 's'} on.`,
  '',
  'Who pays (one VPC per account): the hub account pays the hub\'s endpoints and attachment '
    + `(${money(one.hubMonthly + one.attachmentMonthly)}); each spoke account pays its attachment (${money(one.attachmentMonthly)}) and the Profile association where the pricing page says so, `
    + `instead of its own endpoints (${money(one.perVpcMonthly)}).`,
  `Who pays (${perAccount} VPCs per account): each spoke account pays ${perAccount} attachments (${money(perAccount * one.attachmentMonthly)}) and `
    + `${perAccount} Profile associations (whoever the pricing page says pays them), instead of ${money(perAccount * one.perVpcMonthly)} of endpoints; a Profile takes up to 1,000 VPCs, a VPC one Profile.`,
].join('\n'));
