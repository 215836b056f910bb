import { compareVersions, parseSpec, respec } from '../src/scan/nuget-version';

describe('NuGet version specs', () => {
  it('parses the forms seen in project files', () => {
    expect(parseSpec('7.0.4').kind).toBe('exact');
    expect(parseSpec('[7.4.6]')).toEqual({ kind: 'pin', version: '7.4.6' });
    expect(parseSpec('[6.3.0,7.0.0)')).toEqual({ kind: 'range', min: '6.3.0', minInclusive: true, max: '7.0.0', maxInclusive: false });
    expect(parseSpec('7.*').kind).toBe('floating');
    expect(parseSpec('4.1.2-*').kind).toBe('floating');
    expect(parseSpec('$(X)').kind).toBe('invalid');
  });

  it('orders versions numerically, prereleases first', () => {
    expect(compareVersions('6.3.10', '6.3.9')).toBeGreaterThan(0);
    expect(compareVersions('7.0.0-rc.1', '7.0.0')).toBeLessThan(0);
  });

  it('rewrites a spec to select the target, keeping its form, and never lowers', () => {
    expect(respec('7.0.4', '7.1.2')).toBe('7.1.2');
    expect(respec('[7.4.6]', '7.4.8')).toBe('[7.4.8]');
    expect(respec('[6.3.0,7.0.0)', '7.0.9')).toBe('[7.0.9,8.0.0)');
    expect(respec('6.*', '7.4.8')).toBe('7.*');
    expect(respec('7.*', '7.4.8')).toBeUndefined();
    expect(respec('7.2.*', '7.4.8')).toBe('7.4.*');
    expect(respec('4.1.2-*', '5.0.5')).toBe('5.0.5');
    expect(respec('8.0.3', '7.4.8')).toBeUndefined();
    expect(respec('[8.0.0,)', '7.4.8')).toBeUndefined();
  });
});
