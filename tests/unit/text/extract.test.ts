// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { extractTextModel, textModelFromString } from '../../../lib/text/extract';
import type { TextModel } from '../../../lib/text/types';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}
function dom(html: string): Document {
  return parse(`<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`);
}

const WS = /[ \t\n\r\f\u00a0\u2000-\u200a\u202f\u205f]/;

/** Every mapped offset points at the same character in the DOM (or at whitespace for a collapsed space). */
function checkMap(m: TextModel): number {
  let mapped = 0;
  let prevEnd = 0;
  for (const seg of m.segments) {
    expect(seg.start).toBeGreaterThanOrEqual(prevEnd);
    for (let j = 0; j < seg.offsets.length; j++) {
      const ch = m.text[seg.start + j];
      const src = seg.node.data[seg.offsets[j]!];
      if (ch === ' ') expect(src).toMatch(WS);
      else expect(src).toBe(ch);
      if (j > 0) expect(seg.offsets[j]!).toBeGreaterThan(seg.offsets[j - 1]!);
      mapped++;
    }
    prevEnd = seg.start + seg.offsets.length;
  }
  // Every character is mapped but the synthetic ones: \n, \t, and the space between the lines of a table cell.
  const inSegment = new Uint8Array(m.text.length);
  for (const seg of m.segments) inSegment.fill(1, seg.start, seg.start + seg.offsets.length);
  const unmapped = [...m.text].filter((_, i) => !inSegment[i]);
  expect(unmapped.every((c) => c === '\n' || c === '\t' || c === ' ')).toBe(true);
  const soft = unmapped.filter((c) => c === ' ').length;
  if (soft) expect(m.tables.length).toBeGreaterThan(0);
  expect(mapped + unmapped.length).toBe(m.text.length);
  return mapped;
}

describe('extractTextModel: text rules', () => {
  it('joins inline markup splitting a word and keeps it mapped', () => {
    const d = dom('<p>由<span>工业和信</span><span style="color:red">息化部</span>、<strong>发展改革委</strong><a href="#">负责</a>。</p>');
    const m = extractTextModel(d);
    expect(m.text).toBe('由工业和信息化部、发展改革委负责。');
    checkMap(m);
    const i = m.text.indexOf('息');
    const seg = m.segments.find((s) => s.start <= i && i < s.start + s.offsets.length)!;
    expect(seg.node.parentElement!.getAttribute('style')).toBe('color:red');
  });

  it('turns blocks and <br> into single \\n, no leading \\n, drops spaces next to \\n', () => {
    const d = dom(`
      <div><div><h1>  国务院关于积极推进“互联网+”行动的指导意见 </h1></div>
      <p>  国发〔2015〕40号  </p><p></p><p>
        各省、自治区、直辖市人民政府：<br><br>  一、总体思路
      </p></div>`);
    const m = extractTextModel(d);
    expect(m.text).toBe('国务院关于积极推进“互联网+”行动的指导意见\n国发〔2015〕40号\n各省、自治区、直辖市人民政府：\n一、总体思路');
    checkMap(m);
  });

  it('collapses whitespace runs and &nbsp; to one space but keeps U+3000', () => {
    const d = dom('<p>\u3000\u3000工业和信 \n 息化部&nbsp;&nbsp;牵头</p><p>\u3000（一）创业创新。</p>');
    const m = extractTextModel(d);
    expect(m.text).toBe('\u3000\u3000工业和信 息化部 牵头\n\u3000（一）创业创新。');
    checkMap(m);
  });

  it('a space between text nodes in different elements maps to its own node', () => {
    const d = dom('<p><span>发展改革委</span> <span>科技部</span></p>');
    const m = extractTextModel(d);
    expect(m.text).toBe('发展改革委 科技部');
    const sp = m.segments.find((s) => m.text.slice(s.start, s.start + s.offsets.length) === ' ');
    expect(sp?.node.parentElement?.tagName).toBe('P');
    checkMap(m);
  });

  it('separates table cells with \\t and rows with \\n; the lines of a cell are one space apart; empty cells keep columns', () => {
    const d = dom(`<table><tbody>
      <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>完成时限</th></tr>
      <tr><td><p>1</p></td><td><p>推进“互联网+”创业创新</p></td><td><p>发展改革委</p><p>科技部</p></td><td>2018年底前</td></tr>
      <tr><td></td><td>持续推进</td><td>工业和信息化部<br>商务部</td><td></td></tr>
      <tr><td></td><td></td><td>商务部</td><td>长期</td></tr>
    </tbody></table><p>附件</p>`);
    const m = extractTextModel(d);
    expect(m.text).toBe(
      '序号\t重点任务\t牵头单位\t完成时限\n' +
        '1\t推进“互联网+”创业创新\t发展改革委 科技部\t2018年底前\n' +
        '\t持续推进\t工业和信息化部 商务部\n' +
        '\t\t商务部\t长期\n附件',
    );
    checkMap(m);
    expect(m.tables).toHaveLength(1);
  });

  it('expands rowspan and colspan: covered positions are empty cells of the line, and the grid gives every row its cells', () => {
    const d = dom(`<table><tbody>
      <tr><td>序号</td><td>民生实事</td><td>责任单位</td><td>完成时限</td></tr>
      <tr><td colspan="4">一、教育方面（共2项）</td></tr>
      <tr><td rowspan="2">1</td><td>开工建设县老年养护楼。</td><td rowspan="2"><p>县民政局</p><p>县代建中心</p></td><td>5月底前动工</td></tr>
      <tr><td>开工建设老年大学。</td><td>12月底前</td></tr>
    </tbody></table>`);
    const m = extractTextModel(d);
    expect(m.text).toBe(
      '序号\t民生实事\t责任单位\t完成时限\n' +
        '一、教育方面（共2项）\n' +
        '1\t开工建设县老年养护楼。\t县民政局 县代建中心\t5月底前动工\n' +
        '\t开工建设老年大学。\t\t12月底前',
    );
    checkMap(m);
    const [t] = m.tables;
    const cell = (r: number, c: number) => {
      const [a, b] = [t!.rows[r]![2 * c]!, t!.rows[r]![2 * c + 1]!];
      return a < 0 ? null : m.text.slice(a, b);
    };
    expect(t!.rows).toHaveLength(4);
    expect([0, 1, 2, 3].map((c) => cell(1, c))).toEqual(Array(4).fill('一、教育方面（共2项）'));
    // the sub-row knows the 序号 and the units of the cells spanning it
    expect([0, 1, 2, 3].map((c) => cell(3, c))).toEqual(['1', '开工建设老年大学。', '县民政局 县代建中心', '12月底前']);
  });

  it('reads a page built of layout tables as blocks, and the data table inside it as cells', () => {
    const d = dom(`<table width="1000"><tr><td>网站首页 | 设为首页</td></tr><tr><td>&nbsp;</td></tr></table>
      <table width="1000"><tr><td><a href="/">首页</a></td><td><a href="/a">政务公开</a></td></tr></table>
      <table width="1000"><tr><td class="left"><ul><li><a href="#">政府文件</a></li></ul></td>
      <td class="right"><div class="show"><h1>关于印发任务分解表的通知</h1><p>各乡镇人民政府：</p>
      <table border="1"><tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr><tr><td>1</td><td>建设公园</td><td>县住建局</td></tr></table>
      </div></td></tr></table>`);
    const m = extractTextModel(d);
    expect(m.text).toBe(
      '网站首页 | 设为首页\n首页\n政务公开\n政府文件\n关于印发任务分解表的通知\n各乡镇人民政府：\n序号\t工作任务\t牵头单位\n1\t建设公园\t县住建局',
    );
    expect(m.tables).toHaveLength(1);
    expect(m.text.slice(m.content[0], m.content[1])).toContain('1\t建设公园\t县住建局');
    checkMap(m);
  });

  it('skips script/style/hidden/aria-hidden/our UI/custom skip and inline display:none', () => {
    const d = dom(`<p>第一段</p><script>var a="不要";</script><style>p{}</style><noscript>不要</noscript>
      <template><p>不要</p></template><div hidden>不要</div><div aria-hidden="true">不要</div>
      <div data-policy-lens-ui><p>不要</p></div><div style="display: none">不要</div>
      <svg><text>不要</text></svg><div class="share">分享到</div><p>第二段</p>`);
    const m = extractTextModel(d, { skip: (el) => el.classList.contains('share') });
    expect(m.text).toBe('第一段\n第二段');
    checkMap(m);
  });

  it('honours <pre> line breaks like textModelFromString does', () => {
    const raw = '国务院关于积极推进"互联网+"行动的指导意见\r\n\r\n一、总体思路\n  (一)基本原则。\n';
    const d = dom('');
    const pre = d.createElement('pre');
    pre.textContent = raw;
    d.body.appendChild(pre);
    const m = extractTextModel(d);
    expect(m.text).toBe('国务院关于积极推进"互联网+"行动的指导意见\n一、总体思路\n(一)基本原则。');
    expect(textModelFromString(raw).text).toBe(m.text);
    checkMap(m);
  });

  it('drops zero-width characters and soft hyphens but maps around them', () => {
    const d = dom('<p>发展\u200b改革委\ufeff、科技\u00ad部</p>');
    const m = extractTextModel(d);
    expect(m.text).toBe('发展改革委、科技部');
    checkMap(m);
  });
});

const GOV_PAGE = `
<div class="header"><a href="/">首页</a> | <a href="/zhengce/">政策</a><div class="nav"><ul><li>国务院</li><li>总理</li><li>新闻</li><li>政策</li></ul></div></div>
<div class="policyLibraryOverview_header">
<table class="bd1" cellpadding="0" cellspacing="1">
<tbody>
<tr><td width="90"><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td><td width="360">000014349/2015-00107</td><td width="90"><b>主题分类：</b></td><td>工业、交通\\信息产业（含电信）</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2015年07月01日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国务院关于积极推进“互联网+”行动的指导意见</td></tr>
<tr><td><b>发文字号：</b></td><td>国发〔2015〕40号</td><td><b>发布日期：</b></td><td>2015年07月04日</td></tr>
</tbody></table></div>
<div class="article oneColumn pub_border">
<h1>国务院关于积极推进“互联网+”行动的指导意见</h1>
<div class="pages-date">2015-07-04 17:04 <span class="font">来源： 中国政府网</span></div>
<div class="pages_content" id="UCAP-CONTENT">
<p style="text-align: center;">国发〔2015〕40号</p>
<p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>
<p>　　“互联网+”是把互联网的创新成果与经济社会各领域深度融合，推动技术进步、效率提升和组织变革，提升实体经济创新力和生产力。</p>
<p>　　<strong>一、行动要求</strong></p>
<p>　　（一）总体思路。顺应世界“互联网+”发展趋势，充分发挥我国互联网的规模优势和应用优势。</p>
<p>　　<strong>二、重点行动</strong></p>
<p>　　（一）“互联网+”创业创新。充分发挥互联网的创新驱动作用。（发展改革委、科技部、工业和信息化部、人力资源社会保障部、商务部等负责，列第一位者为牵头部门，下同）</p>
<p style="text-align: right;">国务院<br>2015年7月1日</p>
</div>
<div class="share">分享到：</div>
</div>
<div class="footer"><p>版权所有：中国政府网 | 关于本网 | 网站声明 | 联系我们 | 网站纠错</p><p>主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</p></div>`;

describe('extractTextModel: gov.cn page', () => {
  const d = parse(`<!doctype html><html><head><title>国务院关于积极推进“互联网+”行动的指导意见_政府信息公开专栏</title>
    <meta name="ArticleTitle" content="国务院关于积极推进“互联网+”行动的指导意见"><meta name="PubDate" content="2015-07-04 17:04">
    <meta name="ContentSource" content="中国政府网"><meta name="Keywords" content="互联网+;行动;指导意见"></head><body>${GOV_PAGE}</body></html>`);
  const m = extractTextModel(d);

  it('finds the article body as content', () => {
    const body = m.text.slice(m.content[0], m.content[1]);
    expect(body.startsWith('国发〔2015〕40号\n各省、自治区')).toBe(true);
    expect(body.endsWith('国务院\n2015年7月1日')).toBe(true);
    expect(body).not.toContain('索引号');
    expect(body).not.toContain('分享到');
    expect(body).not.toContain('版权所有');
    checkMap(m);
  });

  it('reads the labelled metadata table and <meta> tags', () => {
    expect(m.metaFields['索引号']).toBe('000014349/2015-00107');
    expect(m.metaFields['发文机关']).toBe('国务院');
    expect(m.metaFields['成文日期']).toBe('2015年07月01日');
    expect(m.metaFields['标题']).toBe('国务院关于积极推进“互联网+”行动的指导意见');
    expect(m.metaFields['发文字号']).toBe('国发〔2015〕40号');
    expect(m.metaFields['发布日期']).toBe('2015年07月04日');
    expect(m.metaFields['主题分类']).toBe('工业、交通\\信息产业（含电信）');
    expect(m.metaFields.ArticleTitle).toBe('国务院关于积极推进“互联网+”行动的指导意见');
    expect(m.metaFields.ContentSource).toBe('中国政府网');
    expect(m.pageTitle).toBe('国务院关于积极推进“互联网+”行动的指导意见_政府信息公开专栏');
  });

  it('reads label and value in one cell, and label spans outside tables', () => {
    const d2 = dom(`<ul class="info"><li><span>发文机关：</span><span>工业和信息化部</span></li>
      <li><b>发文字号：</b>工信部规〔2023〕5号</li></ul>
      <table><tr><td>成文日期：2023年3月1日</td><td>发布日期：2023-03-05</td></tr></table>
      <div><p>正文第一段，工业和信息化部关于推动制造业数字化转型的指导意见，这里有足够多的中文内容。</p><p>第二段。</p></div>`);
    const m2 = extractTextModel(d2);
    expect(m2.metaFields['发文机关']).toBe('工业和信息化部');
    expect(m2.metaFields['发文字号']).toBe('工信部规〔2023〕5号');
    expect(m2.metaFields['成文日期']).toBe('2023年3月1日');
    expect(m2.metaFields['发布日期']).toBe('2023-03-05');
    expect(m2.pageTitle).toBe('');
  });

  it('falls back to the block with most CJK paragraphs when no known container exists', () => {
    const d3 = dom(`<div id="nav"><p>首页</p><p>机构</p><p>新闻</p></div>
      <div id="wrap"><div id="main-text"><p>各市人民政府，省政府各部门：</p><p>现将《关于加快数字经济发展的实施方案》印发给你们，请认真贯彻执行。</p>
      <p>一、总体要求</p><p>到2025年，全省数字经济核心产业增加值占地区生产总值比重达到10%左右。</p></div>
      <div id="side"><p>相关文件</p><p>省政府关于印发某某方案的通知</p></div></div>`);
    const m3 = extractTextModel(d3);
    expect(m3.contentRoot?.id).toBe('main-text');
    expect(m3.text.slice(m3.content[0], m3.content[1])).toMatch(/^各市人民政府，省政府各部门：\n[\s\S]*10%左右。$/);
  });

  it('uses the whole text when there is no content', () => {
    const m4 = extractTextModel(dom('<p>Hello</p>'));
    expect(m4.content).toEqual([0, 5]);
    expect(extractTextModel(dom('')).text).toBe('');
  });
});

describe('textModelFromString', () => {
  it('normalizes like a <pre> page and keeps U+3000', () => {
    const m = textModelFromString('\ufeff标题\r\n\r\n\r\n\u3000\u3000各省、自治区、直辖市人民政府,国务院各部委、各直 属机构:  \n');
    expect(m.text).toBe('标题\n\u3000\u3000各省、自治区、直辖市人民政府,国务院各部委、各直 属机构:');
    expect(m.segments).toEqual([]);
    expect(m.content).toEqual([0, m.text.length]);
    expect(m.pageTitle).toBe('标题');
  });
  it('rejects non-strings clearly', () => {
    expect(() => textModelFromString(undefined as unknown as string)).toThrow(/expected a string/);
  });
});

describe('extractTextModel: performance', () => {
  it('extracts a 2,000,000-character page in well under a second', () => {
    const para =
      '<p>　　（三）推进“互联网+”协同制造。<span>加快</span>推动云计算、物联网、智能工业机器人、增材制造等技术在生产过程中的应用，推进生产装备智能化升级、工艺流程改造和基础数据共享。（工业和信息化部、发展改革委、科技部共同牵头）<br>到2018年 底前完成。</p>';
    const d = dom(`<div class="pages_content">${para.repeat(Math.ceil(2_050_000 / 118))}</div>`);
    const t0 = performance.now();
    const m = extractTextModel(d);
    const ms = performance.now() - t0;
    expect(m.text.length).toBeGreaterThan(2_000_000);
    console.log(`extract: ${m.text.length} chars, ${m.segments.length} segments in ${ms.toFixed(0)} ms`);
    // Generous bound for a shared 2-core machine (measured ~0.4 s warm on an idle machine, 2.3 s
    // cold at load average 13); it still catches accidental quadratic work, which takes minutes.
    expect(ms).toBeLessThan(6000);
  }, 60_000);
});

describe('content root on provincial CMS layouts', () => {
  it('finds the article in id="Zoom" (capital Z) and class TRS_UEDITOR, not the longer link list beside it', () => {
    const links = Array.from(
      { length: 30 },
      (_, i) => `<li><a href="#">关于做好第${i + 1}批重点项目申报工作的通知</a><span>2024-0${(i % 9) + 1}-1${i % 9}</span></li>`,
    ).join('');
    for (const wrap of ['<div id="Zoom">', '<div class="view TRS_UEDITOR trs_paper_default">']) {
      const doc = dom(
        `<div class="side"><ul>${links}</ul></div>${wrap}<p>各市、州人民政府：</p><p>　　一、总体要求。到2025年，全省数字经济规模突破3万亿元，数字经济核心产业增加值占地区生产总值比重达到10%以上。</p><p>　　二、重点任务。加快建设数字基础设施，推进产业数字化转型。（省发展改革委牵头，省经信厅配合）</p></div>`,
      );
      const tm = extractTextModel(doc);
      const content = tm.text.slice(tm.content[0], tm.content[1]);
      expect(content.startsWith('各市、州人民政府')).toBe(true);
      expect(content).not.toContain('重点项目申报');
    }
  });
});
