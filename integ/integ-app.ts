// The App of every integ test, registered so that security/check.ts can run cdk-nag over the
// same construct trees that integ-runner synthesizes.
import { App, Stack } from 'aws-cdk-lib';

const apps: App[] = [];

export function integApp(): App {
  const app = new App();
  apps.push(app);
  return app;
}

export function integApps(): App[] {
  return [...apps];
}

/**
 * The integ-runner hooks of a test whose stacks run Fargate tasks: before destroying them, remove the
 * guardduty-data endpoint and security group that GuardDuty Runtime Monitoring (when the account has
 * it) adds to their VPCs, which CloudFormation does not own and which would keep the VPCs from being
 * deleted. integ-runner runs hooks in the integ directory.
 */
export function guardDutyCleanup(...stacks: Stack[]): { preDestroy: string[] } {
  return { preDestroy: [`node ../scripts/integ-cleanup.js --guardduty-only ${stacks.map((s) => s.stackName).join(' ')}`] };
}
