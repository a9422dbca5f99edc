// Renders the article 800 ms after load (as a CMS that fetches the body by XHR would), with its
// second half folded behind a "展开全文" button that only toggles display (no new nodes).
(function () {
  var first = [
    '国办发〔2026〕8号',
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    '　　政务数据是数字政府建设的基础性战略资源。为加快推进政务数据共享开放，经国务院同意，现提出以下意见。',
    '　　一、总体要求',
    '　　坚持统筹协调、应用牵引、安全可控，到2027年底前，基本建成全国一体化政务数据共享开放体系。',
    '　　二、重点任务',
    '　　（一）健全数据目录体系。全面梳理政务数据资源，编制政务数据目录，实现目录统一管理、动态更新。（国家数据局、国家发展改革委、财政部等负责，列第一位者为牵头单位）',
    '　　（二）推动数据按需共享。依托全国一体化政务服务平台，建立健全共享需求对接机制，2027年6月底前完成国家级共享通道建设。（国家数据局牵头，公安部、自然资源部配合）',
  ];
  var second = [
    '　　（三）稳步推进数据开放。制定年度开放清单，优先开放与民生紧密相关、社会需求迫切的数据。（住房城乡建设部、交通运输部、市场监管总局按职责分工负责）',
    '　　（四）强化数据安全保障。落实数据分类分级保护制度，2028年底前建立覆盖数据全生命周期的安全管理体系。（国家网信办、公安部、国家保密局等负责）',
    '　　三、保障措施',
    '　　各地区、各部门要加强组织领导，明确责任分工，抓好工作落实。',
    '国务院办公厅',
    '2026年3月12日',
  ];
  function para(text) {
    var p = document.createElement('p');
    p.textContent = text;
    return p;
  }
  function render() {
    document.getElementById('art-title').textContent = '国务院办公厅关于加快推进政务数据共享开放的实施意见';
    document.getElementById('art-date').textContent = '2026-03-15 16:30　来源：国务院办公厅';
    var box = document.getElementById('UCAP-CONTENT');
    box.textContent = '';
    first.forEach(function (t) { box.appendChild(para(t)); });
    var more = document.createElement('div');
    more.className = 'more-content';
    more.style.display = 'none';
    second.forEach(function (t) { more.appendChild(para(t)); });
    box.appendChild(more);
    var btn = document.getElementById('zkqw');
    btn.hidden = false;
    btn.addEventListener('click', function () {
      more.style.display = 'block';
      btn.hidden = true;
    });
  }
  window.addEventListener('load', function () { setTimeout(render, 800); });
})();
