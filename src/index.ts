export * from './endpoint-catalog';
export * from './endpoint-policy';
export * from './endpoint-preset';
export * from './isolated-vpc';
export * from './private-fargate-service';
