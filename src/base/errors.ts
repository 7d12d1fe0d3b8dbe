import { IConstruct } from 'constructs';

// The symbols aws-cdk-lib's `Errors.isConstructError` and `Errors.isValidationError` test for, so the
// CDK CLI and users' tests treat the library's errors as they treat aws-cdk-lib's own ValidationError.
const CONSTRUCT_ERROR = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR = Symbol.for('@aws-cdk/core.ValidationError');

/**
 * Who a message is about: a construct of the library (its kind and its path, from the scope), or a
 * call that has no construct of its own yet (such as `IsolatedVpc.lookupExisting('Network')`, in the
 * scope it was called in). Reads as it is written in messages: `IsolatedVpc 'App/Vpc'`.
 */
export class Subject {
  /** A construct of kind `kind`, named by its path. */
  public static of(scope: IConstruct, kind: string): Subject {
    return new Subject(scope, `${kind} '${scope.node.path}'`);
  }

  /** A call made in `scope`, named as written (`label`). */
  public static call(scope: IConstruct | undefined, label: string): Subject {
    return new Subject(scope, label);
  }

  private constructor(public readonly scope: IConstruct | undefined, private readonly label: string) {}

  /** The same subject with more said of it, such as `: declareCalls for 'App/Fn'`. */
  public with(more: string): Subject {
    return new Subject(this.scope, `${this.label}${more}`);
  }

  /** Throws the library's error: `<subject>: <message>`, carrying the construct. */
  public fail(message: string): never {
    throw this.error(message);
  }

  /** The library's error `<subject>: <message>`, to throw where control flow must show it. */
  public error(message: string): IsolationError {
    return new IsolationError(this, message);
  }

  public toString(): string {
    return this.label;
  }
}

/**
 * The error of a wrong value: its message names the construct, the value and the fix; it carries
 * the construct as aws-cdk-lib's ValidationError does, so the path, the stack trace and the
 * construct tree agree.
 */
export class IsolationError extends Error {
  /** The path of the construct the error is about, when there is one. */
  public readonly constructPath?: string;
  /** When the error was thrown. */
  public readonly time = new Date().toISOString();
  public readonly level = 'error';
  public readonly type = 'validation';

  constructor(subject: Subject, message: string) {
    super(`${subject}: ${message}`);
    Object.setPrototypeOf(this, IsolationError.prototype);
    this.name = 'IsolationError';
    this.constructPath = subject.scope?.node.path;
    Object.defineProperty(this, CONSTRUCT_ERROR, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}
