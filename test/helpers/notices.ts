import type { NoticeBoard } from '../../src/ledger/notices.js';

/**
 * The notice board the rendering tests print: two activities of one estate, twelve claims,
 * Chinese names of two, three and four characters, one also in pinyin. The first title
 * carries markup, which must stay text.
 */
export const BOARD_PAGE_URL = 'https://lanhu.example.cn/public/notices?estate=lanhu-3';

export const NOTICE_BOARD: NoticeBoard = {
  estate: '澜湖三区',
  generatedAt: '2026-12-05T02:00:00.000Z',
  activities: [
    {
      activityId: 'act_01JF0000000000000000000001',
      title: '周六清扫中心花园 <script>alert("x")</script> & 楼道',
      category: '公益劳动',
      estate: '澜湖三区',
      startsAt: '2026-12-05T01:00:00.000Z',
      endsAt: '2026-12-05T03:30:00.000Z',
      place: '中心花园北门集合',
      certifiers: ['陈建国', '刘桂兰'],
      noticeEndsAt: '2026-12-08T10:00:00.000Z',
      claims: [
        { claimId: 'clm_01', member: { name: '王芳', code: 'R-0001' }, points: '20.00' },
        { claimId: 'clm_02', member: { name: '王小芳', code: 'R-0002' }, points: '20.00' },
        { claimId: 'clm_03', member: { name: '欧阳小芳', code: 'R-0003' }, points: '12.50' },
        { claimId: 'clm_04', member: { name: '李秀英', code: 'R-0004' }, points: '20.00' },
        { claimId: 'clm_05', member: { name: '张伟', code: 'R-0005' }, points: '15.00' },
        { claimId: 'clm_06', member: { name: '王芳 Wang Fang', code: 'R-0006' }, points: '8.00' },
      ],
    },
    {
      activityId: 'act_01JF0000000000000000000002',
      title: '12月第一周门岗值班',
      category: '管理责任',
      estate: '澜湖三区',
      startsAt: '2026-11-30T00:00:00.000Z',
      endsAt: '2026-12-06T12:00:00.000Z',
      place: '3号门岗亭',
      certifiers: ['赵志强', '孙玉梅'],
      noticeEndsAt: '2026-12-09T10:00:00.000Z',
      claims: [
        { claimId: 'clm_07', member: { name: '刘洋', code: 'R-0107' }, points: '30.00' },
        { claimId: 'clm_08', member: { name: '陈静', code: 'R-0108' }, points: '30.00' },
        { claimId: 'clm_09', member: { name: '杨明辉', code: 'R-0109' }, points: '22.50' },
        { claimId: 'clm_10', member: { name: '司马光明', code: 'R-0110' }, points: '30.00' },
        { claimId: 'clm_11', member: { name: '黄丽', code: 'R-0111' }, points: '7.50' },
        { claimId: 'clm_12', member: { name: '吴敏', code: 'R-0112' }, points: '30.00' },
      ],
    },
  ],
};

/** What each claim's row must show, in order: masked name, masked code, points. */
export const NOTICE_ROWS: [string, string, string][] = [
  ['王*', 'R-**01', '20.00'],
  ['王*芳', 'R-**02', '20.00'],
  ['欧**芳', 'R-**03', '12.50'],
  ['李*英', 'R-**04', '20.00'],
  ['张*', 'R-**05', '15.00'],
  ['王* W*** F***', 'R-**06', '8.00'],
  ['刘*', 'R-**07', '30.00'],
  ['陈*', 'R-**08', '30.00'],
  ['杨*辉', 'R-**09', '22.50'],
  ['司**明', 'R-**10', '30.00'],
  ['黄*', 'R-**11', '7.50'],
  ['吴*', 'R-**12', '30.00'],
];
