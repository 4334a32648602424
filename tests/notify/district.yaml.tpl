# The notify tests' district: people and units with contacts; robots point at the local recorder.
code: notifyville
name: 通知区
ticket_prefix: NV
streets:
  - id: nv-s1
    name: 通知街道
    contact: {email: street-office@example.org}
    communities:
      - id: nv-c1
        name: 一号社区
        contact: {email: c1-office@example.org}
        grids: [{code: NV-C1-G01, name: 第一网格, households: 150}]
units:
  - id: nv-cgj
    name: 城管局
    categories: [environment]
    contact: {email: cgj@example.org, wecom_webhook: "{recv}/wecom/cgj", dingtalk_webhook: "{recv}/dingtalk/cgj?access_token=t1"}
  - id: nv-zjj
    name: 住建局
    contact: {email: zjj@example.org, wecom_webhook: "{recv}/wecom/zjj"}
people:
  - {id: nv-c1-h1, name: 张三, unit: nv-c1, roles: [community_handler], contact: {phone: "13900000001", email: zhangsan@example.org}}
  - {id: nv-c1-h2, name: 李四, unit: nv-c1, roles: [community_handler, grid_worker], contact: {phone: "13900000002"}}
  - {id: nv-s1-h1, name: 王五, unit: nv-s1, roles: [street_handler, supervisor], contact: {phone: "13900000003", email: wangwu@example.org}}
  - {id: nv-d-h1, name: 赵六, unit: notifyville, roles: [dispatcher, supervisor], contact: {email: zhaoliu@example.org}}
  - {id: nv-d-l1, name: 周九, unit: notifyville, roles: [leader], contact: {email: zhoujiu@example.org}}
  - {id: nv-cgj-h1, name: 钱七, unit: nv-cgj, roles: [department_handler], contact: {phone: "13900000005"}}
  - {id: nv-zjj-h1, name: 孙八, unit: nv-zjj, roles: [department_handler]}
  - {id: nv-op-1, name: 吴热线, unit: notifyville, roles: [hotline_operator], contact: {phone: "13900000009"}}
  - {id: nv-c1-p1, name: 郑党员, unit: nv-c1, roles: [party_member], contact: {phone: "13900000010"}}
categories:
  - {code: environment, name: 环境卫生, keywords: [垃圾]}
  - {code: municipal, name: 市政设施}
  - {code: other, name: 其他}
deadlines:
  - {response: 1wd, resolution: 5wd}
notifications:
  dingtalk_secrets: {nv-cgj: SECtest}
{extra}
