import { App, Errors, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EndpointPolicy, IsolatedVpc } from '../../src';
import { IsolationError, Subject } from '../../src/base/errors';
import { stateOf } from '../../src/base/state';
import { thrown } from '../util';

describe('the library error', () => {
  const stack = new Stack(new App(), 'App');
  const thing = new Construct(stack, 'Thing');

  test('names the construct by its kind and path, from the scope', () => {
    const error = Subject.of(thing, 'IsolatedVpc').error('cidr \'x\' is wrong. Use \'10.0.0.0/16\'.');
    expect(error.message).toBe("IsolatedVpc 'App/Thing': cidr 'x' is wrong. Use '10.0.0.0/16'.");
    expect(error.constructPath).toBe('App/Thing');
    expect(error.name).toBe('IsolationError');
    expect(error).toBeInstanceOf(IsolationError);
    expect(error).toBeInstanceOf(Error);
  });

  test('is a validation error to aws-cdk-lib, as its own ValidationError is', () => {
    const error = Subject.of(thing, 'IsolatedVpc').error('wrong');
    expect(Errors.isConstructError(error)).toBe(true);
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.type).toBe('validation');
    expect(error.level).toBe('error');
  });

  test('a call with no construct of its own keeps its words and carries no path', () => {
    const error = thrown(() => EndpointPolicy.accounts(['12345']));
    expect(error.message).toBe("EndpointPolicy.accounts: '12345' is not an AWS account ID. Give 12-digit account IDs, such as '123456789012'.");
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as IsolationError).constructPath).toBeUndefined();
  });

  test('with() says more of the same subject, and fail() throws', () => {
    expect(() => Subject.of(thing, 'ExistingIsolatedVpc').with(": addJob('App/Job')").fail('twice.'))
      .toThrow("ExistingIsolatedVpc 'App/Thing': addJob('App/Job'): twice.");
  });

  test('errors thrown while building the VPC carry the VPC\'s path, though the VPC is not made yet', () => {
    const error = thrown(() => new IsolatedVpc(new Stack(new App(), 'Net'), 'Vpc', { maxAzs: 0 }));
    expect(error.message).toBe("IsolatedVpc 'Net/Vpc': maxAzs 0 is not a whole number of at least 1. Use 2 (the default) or more for high availability, 1 only for development.");
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as IsolationError).constructPath).toBe('Net');
  });
});

describe('state kept on the app', () => {
  test('belongs to the object it is kept on: two apps never share it', () => {
    const [a, b] = [new App(), new App()];
    stateOf(a, 'test-list', () => [] as string[]).push('a');
    expect(stateOf(a, 'test-list', () => [] as string[])).toEqual(['a']);
    expect(stateOf(b, 'test-list', () => [] as string[])).toEqual([]);
  });

  test('is not an enumerable property of its owner', () => {
    const owner = {};
    stateOf(owner, 'hidden', () => 1);
    expect(Object.keys(owner)).toEqual([]);
    expect(JSON.stringify(owner)).toBe('{}');
  });
});
