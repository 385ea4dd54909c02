import { App } from 'aws-cdk-lib';
import { DEFAULTS, readConfig } from '../lib/config';

const node = () => new App().node;

describe('context', () => {
  test('defaults let synth run offline', () => {
    const c = readConfig(node());
    expect(c.githubRepository).toBe(DEFAULTS.githubRepository);
    expect(c.multiAz).toBe(false);
    expect(c.clusterEndpointCidrs).toEqual(['0.0.0.0/0']);
    expect(c.kubernetesNamespace).toBe('pawnotes');
  });

  test('command-line strings are parsed (booleans, CIDR lists)', () => {
    const app = new App({ context: { multiAz: 'TRUE', clusterEndpointCidrs: '10.0.0.0/8, 192.0.2.1/32' } });
    const c = readConfig(app.node);
    expect(c.multiAz).toBe(true);
    expect(c.clusterEndpointCidrs).toEqual(['10.0.0.0/8', '192.0.2.1/32']);
  });

  test('bad values stop the synth with every problem listed', () => {
    let message = '';
    try {
      readConfig(node(), {
        githubRepository: 'not a repo',
        multiAz: 'yes',
        clusterEndpointCidrs: 'everywhere',
        domainName: 'app.example.org',
        adminPrincipalArn: 'admin',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('githubRepository must be owner/name');
    expect(message).toContain('multiAz must be true or false');
    expect(message).toContain("'everywhere' is not an IPv4 CIDR block");
    expect(message).toContain('domainName and certificateArn go together');
    expect(message).toContain('adminPrincipalArn must be an ARN');
  });

  test('a wildcard or another ref cannot sneak into the trusted repository', () => {
    expect(() => readConfig(node(), { githubRepository: 'org/*' })).toThrow(/owner\/name/);
    expect(() => readConfig(node(), { githubRepository: 'org/repo:ref:refs/heads/dev' })).toThrow(/owner\/name/);
  });
});
