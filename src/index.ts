export * from './endpoint-catalog';
export * from './endpoint-preset';
export * from './isolated-vpc';
export * from './private-fargate-service';
