// @vitest-environment jsdom
import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/preact';
import { Card, daysUntil, relativeLabel, type CardContent } from '../../../components/page/Card';
import { createCardHost, placeCard } from '../../../components/page/card-host';
import { enT, zhT } from '../../fixtures/catalog';

/** These tests play the user: jsdom's dispatched events are untrusted, so they count as the user's here. */
const USER = () => true;

afterEach(() => cleanup());

const TODAY = '2017-06-30';

describe('Card content', () => {
  it('unit: canonical full name, role, measure path, as-written form', () => {
    const c: CardContent = {
      kind: 'unit',
      text: '工业和信 息化部',
      canonical: '工业和信息化部',
      role: 'lead',
      measurePath: '二、(三)',
      measureTitle: '“互联网+”协同制造',
    };
    render(<Card content={c} today={TODAY} t={zhT} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog');
    expect(dlg.getAttribute('aria-label')).toBe('牵头单位：工业和信息化部');
    expect(dlg.textContent).toContain('原文：工业和信 息化部');
    expect(dlg.textContent).toContain('牵头');
    expect(dlg.textContent).toContain('措施：二、(三) “互联网+”协同制造');
  });

  it('unit: co-responsible and unknown to the gazetteer', () => {
    render(<Card content={{ kind: 'unit', text: '省网信办', canonical: null, role: 'co', measurePath: null }} today={TODAY} t={zhT} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog');
    expect(dlg.getAttribute('aria-label')).toBe('参与单位：省网信办');
    expect(dlg.textContent).toContain('参与');
    expect(dlg.textContent).toContain('未收录');
    expect(dlg.textContent).not.toContain('措施');
  });

  it('unit: the role the document prints and the other units of the clause with theirs', () => {
    const c: CardContent = {
      kind: 'unit',
      text: '市科技局',
      canonical: null,
      role: 'co',
      word: '配合',
      others: ['市工信局（牵头）', '各区人民政府（配合）'],
      measurePath: '二、(一) 3.',
    };
    render(<Card content={c} today={TODAY} t={zhT} onClose={() => {}} />);
    const dlg = screen.getByRole('dialog');
    expect(dlg.getAttribute('aria-label')).toBe('配合单位：市科技局');
    expect(dlg.textContent).toContain('原文：配合');
    expect(dlg.textContent).toContain('同条：市工信局（牵头）、各区人民政府（配合）');
  });

  it('deadline: normalized date and days left / overdue relative to today', () => {
    render(
      <Card
        content={{ kind: 'deadline', text: '到2018年', date: '2018-12-31', deadlineKind: 'by', measurePath: '一、(二)' }}
        today={TODAY}
        t={zhT}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('dialog').textContent).toContain('2018-12-31');
    expect(screen.getByText('还有 549 天')).toBeTruthy();
    cleanup();
    render(<Card content={{ kind: 'deadline', text: '2017年底前', date: '2017-12-31', deadlineKind: 'by' }} today="2018-01-10" t={zhT} onClose={() => {}} />);
    const rel = screen.getByText('已过期 10 天');
    expect(rel.className).toContain('pl-past');
    cleanup();
    render(<Card content={{ kind: 'deadline', text: '每年', date: null, deadlineKind: 'recurring' }} today={TODAY} t={zhT} onClose={() => {}} />);
    expect(screen.getByRole('dialog').textContent).toContain('无具体日期');
    expect(screen.getByRole('dialog').textContent).toContain('周期性');
  });

  it('date arithmetic handles leap years, bad dates and start dates', () => {
    expect(daysUntil('2016-02-28', '2016-03-01')).toBe(2);
    expect(daysUntil('2015-02-28', '2015-03-01')).toBe(1);
    expect(daysUntil('2018-02-01', '2018-02-30')).toBeNull();
    expect(daysUntil('today', '2018-02-01')).toBeNull();
    expect(relativeLabel(zhT, '2020-01-01', '2020-01-01')).toBe('今天到期');
    expect(relativeLabel(zhT, '2020-01-01', '2020-01-11', 'from')).toBe('还有 10 天开始');
  });

  it('action area: measures count', () => {
    render(<Card content={{ kind: 'area', name: '“互联网+”智慧能源', measures: 4 }} today={TODAY} t={zhT} onClose={() => {}} />);
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('行动领域：“互联网+”智慧能源');
    expect(screen.getByText('相关措施 4 项')).toBeTruthy();
  });

  it('citation: the cited title, its 文号, how it is used, in either language', () => {
    const content = {
      kind: 'citation',
      title: '国务院关于加强数字政府建设的指导意见',
      docNumber: '国发〔2022〕14号',
      relation: 'implements',
      verb: '深入贯彻落实',
      measurePath: null,
    } as const;
    const { unmount } = render(<Card content={content} today={TODAY} t={zhT} onClose={() => {}} />);
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('引用文件：《国务院关于加强数字政府建设的指导意见》');
    expect(screen.getByText('国发〔2022〕14号')).toBeTruthy();
    expect(screen.getByText('贯彻落实')).toBeTruthy();
    unmount();
    render(
      <Card
        content={{ ...content, title: null, docNumber: '国办发〔2019〕57号', relation: 'follows', verb: '按照' }}
        today={TODAY}
        t={enT}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toContain('国办发〔2019〕57号');
    expect(screen.getByText('Follows it')).toBeTruthy();
  });

  it('annotation: note, tags, edit/delete callbacks; user text stays literal', () => {
    const onEdit = vi.fn();
    const onDelete = vi.fn();
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <Card
        content={{ kind: 'annotation', id: 'a-1', note: evil, tags: ['重点', '<b>tag</b>'], color: 'green', quote: '工业和信息化部', onEdit, onDelete }}
        today={TODAY}
        t={zhT}
        onClose={() => {}}
        trusted={USER}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.pl-tags b')).toBeNull();
    expect(screen.getByText(evil)).toBeTruthy();
    expect(screen.getByText('<b>tag</b>')).toBeTruthy();
    fireEvent.click(screen.getByText('编辑'));
    fireEvent.click(screen.getByText('删除'));
    expect(onEdit).toHaveBeenCalledWith('a-1');
    expect(onDelete).toHaveBeenCalledWith('a-1');
  });

  it('annotation without callbacks has no buttons except close', () => {
    render(<Card content={{ kind: 'annotation', id: 'a', note: '', tags: [], color: 'yellow' }} today={TODAY} t={zhT} onClose={() => {}} />);
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['关闭']);
    expect(screen.getByText('（无备注）')).toBeTruthy();
  });

  it('Escape and the close button call onClose; the dialog is focusable', () => {
    const onClose = vi.fn();
    render(<Card content={{ kind: 'area', name: 'x', measures: 1 }} today={TODAY} t={zhT} onClose={onClose} autoFocus trusted={USER} />);
    const dlg = screen.getByRole('dialog');
    expect(dlg.tabIndex).toBe(-1);
    expect(document.activeElement).toBe(dlg);
    fireEvent.keyDown(dlg, { key: 'Escape' });
    fireEvent.keyDown(dlg, { key: 'Enter' });
    fireEvent.click(screen.getByLabelText('关闭'));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

describe('the card speaks the UI language', () => {
  it('English: role, deadline and relative days from the catalog', () => {
    render(
      <Card
        content={{ kind: 'deadline', text: '2017年底前', date: '2017-12-31', deadlineKind: 'by', measurePath: '二、(一)' }}
        today={TODAY}
        t={enT}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Deadline: 2017年底前');
    expect(screen.getByText('184 days left')).toBeTruthy();
    expect(screen.getByText('Measure: 二、(一)')).toBeTruthy();
    cleanup();
    render(
      <Card
        content={{ kind: 'unit', text: '工信部', canonical: '工业和信息化部', role: 'lead', measurePath: null }}
        today={TODAY}
        t={enT}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Lead unit: 工业和信息化部');
    expect(screen.getByText('As written: 工信部')).toBeTruthy();
  });
});

describe('events a page script makes (isTrusted false) do nothing', () => {
  it("the card's buttons, Escape and outside clicks ignore synthetic events", () => {
    const onEdit = vi.fn();
    const onDelete = vi.fn();
    const onClose = vi.fn();
    render(<Card content={{ kind: 'annotation', id: 'a-1', note: 'n', tags: [], color: 'green', onEdit, onDelete }} today={TODAY} t={zhT} onClose={onClose} />);
    fireEvent.click(screen.getByText('编辑'));
    fireEvent.click(screen.getByText('删除'));
    fireEvent.click(screen.getByLabelText('关闭'));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect([onEdit.mock.calls.length, onDelete.mock.calls.length, onClose.mock.calls.length]).toEqual([0, 0, 0]);
    cleanup();
    document.body.innerHTML = '<p id="p">正文</p>';
    const host = createCardHost(window, { t: zhT, today: TODAY });
    host.show({ kind: 'area', name: 'x', measures: 1 }, null);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.mouseDown(document.getElementById('p')!);
    expect(host.isOpen()).toBe(true);
    host.destroy();
  });
});

describe('placeCard', () => {
  const vp = { width: 1000, height: 700 };
  const size = { width: 300, height: 150 };
  it('below the anchor when it fits', () => {
    expect(placeCard({ left: 100, top: 100, right: 200, bottom: 120 }, size, vp)).toEqual({ left: 100, top: 126, placement: 'below' });
  });
  it('above when there is no room below; clamped horizontally inside the viewport', () => {
    const p = placeCard({ left: 900, top: 600, right: 980, bottom: 620 }, size, vp);
    expect(p.placement).toBe('above');
    expect(p.top).toBe(600 - 6 - 150);
    expect(p.left).toBe(1000 - 300 - 8);
  });
  it('clamped when neither fits (small viewport)', () => {
    const p = placeCard({ left: -50, top: 60, right: 10, bottom: 80 }, size, { width: 320, height: 200 });
    expect(p.placement).toBe('clamped');
    expect(p.left).toBe(8);
    expect(p.top + size.height).toBeLessThanOrEqual(200);
    expect(p.top).toBeGreaterThanOrEqual(8);
  });
});

describe('createCardHost', () => {
  it('adds one host element with a closed shadow root; styles stay inside it', () => {
    document.body.innerHTML = '<p>正文</p>';
    const headBefore = document.head.innerHTML;
    const host = createCardHost(window, { t: zhT, today: TODAY });
    expect(document.querySelector('[data-policy-lens-ui]')).toBeNull();
    host.show({ kind: 'area', name: '“互联网+”高效物流', measures: 3 }, { left: 10, top: 10, right: 50, bottom: 30 });
    const els = document.querySelectorAll('[data-policy-lens-ui]');
    expect(els).toHaveLength(1);
    expect(els[0]!.parentElement).toBe(document.documentElement);
    expect((els[0] as HTMLElement).shadowRoot).toBeNull(); // closed
    expect(document.head.innerHTML).toBe(headBefore);
    expect(document.body.innerHTML).toBe('<p>正文</p>');
    const dlg = host.shadow!.querySelector('[role="dialog"]') as HTMLElement;
    expect(dlg.textContent).toContain('相关措施 3 项');
    expect(dlg.style.top).toBe('36px');
    // The card's own stylesheet is in the shadow root (adopted or a <style> inside it).
    const inShadow = host.shadow!.querySelector('style')?.textContent ?? '';
    const adopted = (host.shadow as unknown as { adoptedStyleSheets?: CSSStyleSheet[] }).adoptedStyleSheets ?? [];
    expect(inShadow.includes('.pl-card') || adopted.length === 1).toBe(true);
    host.destroy();
    expect(document.querySelector('[data-policy-lens-ui]')).toBeNull();
  });

  it('Escape closes and returns focus to where it was', () => {
    document.body.innerHTML = '<button id="b">打开</button>';
    const btn = document.getElementById('b') as HTMLButtonElement;
    btn.focus();
    const host = createCardHost(window, { t: zhT, today: TODAY, trusted: USER });
    host.show({ kind: 'unit', text: '科技部', canonical: '科学技术部', role: 'co', measurePath: '二、(一)' }, null, { focus: true });
    const dlg = host.shadow!.querySelector('[role="dialog"]') as HTMLElement;
    expect(host.shadow!.activeElement).toBe(dlg);
    fireEvent.keyDown(dlg, { key: 'Escape' });
    expect(host.isOpen()).toBe(false);
    expect(host.shadow!.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(btn);
    host.destroy();
  });

  it('Escape on the page and a click outside close a hover card; clicks inside do not', () => {
    document.body.innerHTML = '<p id="p">正文</p>';
    const host = createCardHost(window, { t: zhT, today: TODAY, trusted: USER });
    host.show({ kind: 'area', name: 'x', measures: 1 }, null);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(host.isOpen()).toBe(false);
    host.show({ kind: 'annotation', id: 'n', note: '注意', tags: [], color: 'blue', onEdit: () => {} }, null);
    fireEvent.mouseDown(host.shadow!.querySelector('.pl-btn')!);
    expect(host.isOpen()).toBe(true);
    fireEvent.mouseDown(document.getElementById('p')!);
    expect(host.isOpen()).toBe(false);
    host.destroy();
    expect(() => host.show({ kind: 'area', name: 'x', measures: 1 }, null)).toThrow(/destroyed/);
  });
});
