// The reference deployment as a CDK app: `npx cdk deploy --app 'npx ts-node --project tsconfig.dev.json reference/app.ts'`.
import { App } from 'aws-cdk-lib';
import { ReferenceStack } from './reference-stack';

const app = new App();
new ReferenceStack(app, 'IsolatedEcsReference', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
