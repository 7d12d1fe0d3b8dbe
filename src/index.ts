export * from './endpoints/catalog';
export * from './endpoints/explanation';
export * from './endpoints/policy';
export * from './endpoints/preset';
export * from './isolated-vpc';
export * from './jobs/job-options';
export * from './private-fargate-service';
export * from './images/pull-through-cache';
