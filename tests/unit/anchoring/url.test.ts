import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../lib/anchoring';

describe('canonicalUrl', () => {
  it('drops the hash and tracking parameters, lowercases the host, keeps meaningful parameters', () => {
    expect(canonicalUrl('https://WWW.GOV.CN/zhengce/content/2015-07/04/content_10002.htm?utm_source=wechat&utm_medium=share#p3')).toBe(
      'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
    );
    expect(canonicalUrl('http://www.miit.gov.cn:80/n1146295/index.html?id=123&spm=a2c4g.11186623&from=timeline')).toBe(
      'http://www.miit.gov.cn/n1146295/index.html?id=123',
    );
    expect(canonicalUrl('https://mp.weixin.qq.com/s?__biz=MzA4&mid=2650&idx=1&sn=ab12&chksm=84f1&scene=21&isappinstalled=0#wechat_redirect')).toBe(
      'https://mp.weixin.qq.com/s?__biz=MzA4&mid=2650&idx=1&sn=ab12',
    );
  });

  it('leaves a clean URL alone (including parameter order)', () => {
    const u = 'https://www.ndrc.gov.cn/xxgk/zcfb/tz/202401/t20240105_1362999.html?b=2&a=1';
    expect(canonicalUrl(u)).toBe(u);
  });

  it('throws a clear error for something that is not an absolute URL', () => {
    expect(() => canonicalUrl('content_10002.htm')).toThrow(/not an absolute URL/);
    expect(() => canonicalUrl(42 as never)).toThrow(TypeError);
  });
});
