// @vitest-environment jsdom
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';
import { SidePanelApp } from '../../../components/sidepanel/SidePanelApp';

afterEach(cleanup);
const seed = seedFixture();

describe('panel states', () => {
  it('loading', () => {
    renderPanel({ kind: 'loading' });
    expect(screen.getByRole('status').textContent).toContain('正在分析');
  });

  it('restricted page: message and URL as text', () => {
    renderPanel({ kind: 'restricted', url: 'chrome://extensions/' });
    expect(screen.getByRole('heading').textContent).toBe('此页面无法分析');
    expect(screen.getByText('chrome://extensions/')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('not a policy: reasons, score and 分析此页 → analyzeAnyway', () => {
    const model = { ...seed.model, isPolicy: false, detection: { score: 0.2, reasons: ['政府网站 www.gov.cn', '无发文字号'] } };
    const { actions } = renderPanel({ kind: 'not-policy', model, url: 'https://www.gov.cn/xinwen/2024-01/01/content_1.htm' });
    expect(screen.getByText('政府网站 www.gov.cn')).toBeTruthy();
    expect(screen.getByText('无发文字号')).toBeTruthy();
    expect(screen.getByText(/识别得分 20%/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '分析此页' }));
    expect(actions.analyzeAnyway).toHaveBeenCalledTimes(1);
  });

  it('no content script: explains and offers to enable', () => {
    const { actions } = renderPanel({ kind: 'no-content-script', url: 'https://example.org/policy.html' });
    expect(screen.getByRole('heading').textContent).toContain('尚未在此页启用');
    fireEvent.click(screen.getByRole('button', { name: '在此页启用并分析' }));
    expect(actions.analyzeAnyway).toHaveBeenCalledTimes(1);
  });

  it('error: the message in an alert, as text (never HTML), and a retry button', () => {
    const { actions, container } = renderPanel({ kind: 'error', message: '<img src=x onerror=alert(1)> 分析超时' });
    expect(screen.getByRole('alert').textContent).toBe('<img src=x onerror=alert(1)> 分析超时');
    expect(container.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(actions.analyzeAnyway).toHaveBeenCalled();
  });

  it('English UI when given the English catalog', () => {
    renderPanel(readyState(seed), mockActions(), 'en');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Outline', 'Matrix', 'Timeline', 'Notes', 'Legend']);
    expect(screen.getByText('Document no.')).toBeTruthy();
  });

  it('works without a provider (Chinese default)', () => {
    render(<SidePanelApp state={{ kind: 'loading' }} actions={mockActions()} />);
    expect(screen.getByRole('status').textContent).toContain('正在分析');
  });

  it('header: title, 发文字号, issuer, date and recognition reasons', () => {
    renderPanel(readyState(seed));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('国务院关于积极推进“互联网+”行动的指导意见');
    expect(screen.getByText('国发〔2015〕40号')).toBeTruthy();
    expect(screen.getByText('2015-07-01')).toBeTruthy();
    expect(screen.getByText('已识别为政策文件')).toBeTruthy();
    expect(screen.getByText('发文字号 国发〔2015〕40号')).toBeTruthy();
  });

  it('tabs: ARIA tablist with arrow-key navigation', () => {
    renderPanel(readyState(seed));
    const tabs = screen.getAllByRole('tab');
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[1]!.tabIndex).toBe(-1);
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    const now = screen.getAllByRole('tab');
    expect(now[1]!.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(now[1]);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(now[1]!.id);
    fireEvent.keyDown(now[1]!, { key: 'ArrowLeft' });
    fireEvent.keyDown(screen.getAllByRole('tab')[0]!, { key: 'ArrowLeft' });
    expect(screen.getAllByRole('tab')[4]!.getAttribute('aria-selected')).toBe('true');
  });
});
