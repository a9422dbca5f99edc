import { describe, it, expect } from 'vitest';
import { run } from './helpers';

const ministryNotice = [
  '工业和信息化部办公厅关于开展2024年度智能制造试点示范行动的通知',
  '工信厅装函〔2024〕123号',
  '各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，有关中央企业：',
  '　　为贯彻落实《“十四五”智能制造发展规划》，加快推进智能制造，现就开展2024年度试点示范行动有关事项通知如下。',
  '　　一、工作目标',
  '　　到2025年，遴选一批智能制造示范工厂。',
  '　　二、工作要求',
  '　　（一）各地工业和信息化主管部门于2024年6月30日前报送推荐材料。（装备工业一司负责）',
  '　　（二）加强宣传推广。',
  '工业和信息化部办公厅',
  '2024年4月18日',
  '（此件公开发布）',
];

describe('detection', () => {
  it('a ministry notice is policy, with Chinese reasons', () => {
    const m = run(ministryNotice, { url: 'https://www.miit.gov.cn/zwgk/zcwj/art/2024/art_1.html' });
    expect(m.isPolicy).toBe(true);
    expect(m.detection.score).toBeGreaterThanOrEqual(0.8);
    expect(m.detection.reasons).toContain('政府网站 www.miit.gov.cn');
    expect(m.detection.reasons.some((r) => r.startsWith('发文字号 工信厅装函〔2024〕123号'))).toBe(true);
    expect(m.detection.reasons.some((r) => r.startsWith('主送机关'))).toBe(true);
    expect(m.detection.reasons.some((r) => r.startsWith('落款'))).toBe(true);
  });

  it('a reprint of a policy on a news site is still policy', () => {
    const m = run(ministryNotice.slice(1), { url: 'https://news.example.com/a/1.html', pageTitle: '工信部部署智能制造试点--财经频道' });
    expect(m.isPolicy).toBe(true);
    expect(m.meta.title).toBe('工信部部署智能制造试点');
    expect(m.meta.source?.title).toBe('pageTitle');
  });

  it('a news item about a State Council meeting is not policy, even on gov.cn', () => {
    const m = run(
      [
        '李强主持召开国务院常务会议 部署推进物流降本增效',
        '　　新华社北京4月12日电 国务院总理李强4月12日主持召开国务院常务会议，听取关于推进物流降本增效工作情况的汇报，部署进一步推进物流降本增效的政策措施。',
        '　　会议指出，物流业是支撑国民经济发展的基础性产业。要坚持问题导向，到2025年推动社会物流总费用明显下降。',
        '　　会议强调，各地区各部门要抓好政策落实。会议还研究了其他事项。',
      ],
      { url: 'https://www.gov.cn/yaowen/liebiao/202404/content_6945000.htm' },
    );
    expect(m.isPolicy).toBe(false);
    expect(m.detection.reasons.join(' ')).toMatch(/新闻报道/);
  });

  it('a leader activity report is not policy', () => {
    const m = run(
      '　　4月10日，省长王某某到武汉东湖高新区调研数字经济发展情况。他强调，要深入贯彻落实党中央决策部署，加快推进数字产业化和产业数字化，推动全省经济高质量发展。调研中，王某某先后来到多家企业，详细了解企业研发投入和市场拓展情况，与企业负责人深入交流。他指出，要优化营商环境，支持企业做大做强。',
      { url: 'https://www.hubei.gov.cn/hbyw/202404/t20240410_1.shtml' },
    );
    expect(m.isPolicy).toBe(false);
  });

  it('a list page of policy titles is not policy', () => {
    const rows = [
      '国务院办公厅关于推进计量数据共享应用的意见\t2024-03-06',
      '国务院关于印发《推动大规模设备更新和消费品以旧换新行动方案》的通知\t2024-03-13',
      '国务院办公厅关于加快构建废弃物循环利用体系的意见\t2024-02-09',
      '国务院关于进一步优化政务服务提升行政效能的指导意见\t2024-01-12',
      '国务院办公厅关于印发《扎实推进高水平对外开放更大力度吸引和利用外资行动方案》的通知\t2024-03-19',
      '国务院关于修改和废止部分行政法规的决定\t2024-03-10',
      '国务院办公厅关于发展银发经济增进老年人福祉的意见\t2024-01-15',
      '国务院关于2023年度国家科学技术奖励的决定\t2024-06-24',
    ];
    const m = run(['最新政策', ...rows, '上一页 下一页'], { url: 'https://www.gov.cn/zhengce/zuixin.htm' });
    expect(m.isPolicy).toBe(false);
    expect(m.detection.reasons.join(' ')).toMatch(/列表页/);
  });
});

describe('metadata', () => {
  it('title, 发文字号, issuer and date from the text; （此件公开发布） ignored', () => {
    const m = run(ministryNotice);
    expect(m.meta).toMatchObject({
      title: '工业和信息化部办公厅关于开展2024年度智能制造试点示范行动的通知',
      docNumber: '工信厅装函〔2024〕123号',
      issuer: '工业和信息化部办公厅',
      date: '2024-04-18',
    });
    // the signature date is not a deadline; 6月30日前 is
    expect(m.deadlines.map((d) => d.text)).toEqual(['到2025年', '于2024年6月30日前']);
    // measures end before the signature
    const last = m.measures[m.measures.length - 1]!;
    expect(m.measures.every((x) => x.end <= ministryNotice.join('\n').indexOf('工业和信息化部办公厅\n2024'))).toBe(true);
    expect(last.id).toBe('2.2');
  });

  it('signature with Chinese numerals and issuer on the same line', () => {
    const a = run([
      '湖北省人民政府办公厅关于印发湖北省数字政府建设实施方案的通知',
      '鄂政办发〔2023〕12号',
      '各市、州、县人民政府，省政府各部门：',
      '　　现将方案印发给你们，请认真贯彻执行。',
      '湖北省人民政府办公厅',
      '二〇二三年三月八日',
    ]);
    expect(a.meta.issuer).toBe('湖北省人民政府办公厅');
    expect(a.meta.date).toBe('2023-03-08');
    expect(a.meta.docNumber).toBe('鄂政办发〔2023〕12号');
    const b = run([
      '国务院办公厅关于加快发展外贸新业态新模式的意见',
      '国办发[2021]24号',
      '各省、自治区、直辖市人民政府：',
      '　　现提出以下意见。',
      '国务院办公厅 2021年7月2日',
    ]);
    expect(b.meta).toMatchObject({ issuer: '国务院办公厅', date: '2021-07-02', docNumber: '国办发[2021]24号' });
  });

  it('page metadata (gov.cn table) wins over the text, dates normalised', () => {
    const m = run(ministryNotice, {
      metaFields: {
        标题: '关于开展智能制造试点示范行动的通知',
        发文字号: '工信厅装函〔2024〕123号',
        发文机关: '工业和信息化部',
        成文日期: '2024年04月17日',
        发布日期: '2024年04月20日',
      },
    });
    expect(m.meta).toMatchObject({ title: '关于开展智能制造试点示范行动的通知', issuer: '工业和信息化部', date: '2024-04-17' });
    expect(m.meta.source).toEqual({ title: 'metaTable', docNumber: 'metaTable', issuer: 'metaTable', date: 'metaTable' });
  });

  it('a cited document number in the body is not the 发文字号', () => {
    const m = run([
      '关于做好2024年物流降本增效工作的通知',
      '各市人民政府：',
      '　　根据《国务院办公厅关于进一步推进物流降本增效的意见》（国办发〔2024〕5号）要求，现通知如下。',
    ]);
    expect(m.meta.docNumber).toBeNull();
  });
});
