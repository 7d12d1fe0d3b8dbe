// The App of every integ test, registered so that security/check.ts can run cdk-nag over the
// same construct trees that integ-runner synthesizes.
import { App } from 'aws-cdk-lib';

const apps: App[] = [];

export function integApp(): App {
  const app = new App();
  apps.push(app);
  return app;
}

export function integApps(): App[] {
  return [...apps];
}
