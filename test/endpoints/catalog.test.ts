import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EndpointCatalog, EndpointPreset } from '../../src';

describe('EndpointCatalog', () => {
  test('knows what every endpoint of the EC2 preset and the S3 gateway are for', () => {
    for (const name of [...EndpointPreset.EC2.services.map((s) => s.shortName), 's3', 'kms', 'xray']) {
      expect(EndpointCatalog.isKnown(name)).toBe(true);
      expect(EndpointCatalog.purposeOf(name)).not.toMatch(/added by the application/);
    }
    expect(EndpointCatalog.purposeOf(ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES.shortName)).toMatch(/^SSM messages: carries ECS Exec sessions/);
  });

  test('knows the endpoints application calls most often need', () => {
    for (const name of ['sqs', 'sns', 'dynamodb', 'dynamodb-streams', 'sts', 'email-smtp']) {
      expect(EndpointCatalog.isKnown(name)).toBe(true);
    }
    expect(EndpointCatalog.purposeOf('email-smtp')).toMatch(/ports 25, 465, 587, 2465, 2587/);
  });

  test('services outside the catalog get a generic purpose', () => {
    expect(EndpointCatalog.isKnown('textract')).toBe(false);
    expect(EndpointCatalog.isKnown('toString')).toBe(false);
    expect(EndpointCatalog.purposeOf('textract')).toBe('textract: added by the application');
  });
});
