-- WHMCS 5.3-shaped tables, only the tables and columns BackOffice's importer reads. Written for these tests from the
-- research note whmcs-schema.md (column names, types and defaults as 5.3 has them: utf8 tables, text 'on' flags,
-- zero dates, no primary key on tblcustomfieldsvalues, tblconfiguration without id). Not copied from WHMCS.
SET sql_mode = '';

CREATE TABLE tblconfiguration (setting text NOT NULL, value text NOT NULL, KEY setting (setting(32))) DEFAULT CHARSET=utf8;

CREATE TABLE tblcurrencies (id int(10) NOT NULL AUTO_INCREMENT, code text NOT NULL, prefix text NOT NULL, suffix text NOT NULL,
  format int(1) NOT NULL, rate decimal(10,5) NOT NULL DEFAULT 1.00000, `default` int(1) NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblclientgroups (id int(10) unsigned NOT NULL AUTO_INCREMENT, groupname varchar(45) NOT NULL, groupcolour varchar(45) DEFAULT NULL,
  discountpercent decimal(10,2) unsigned DEFAULT 0.00, susptermexempt text, separateinvoices text NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblclients (id int(10) NOT NULL AUTO_INCREMENT, firstname text NOT NULL, lastname text NOT NULL, companyname text NOT NULL,
  email text NOT NULL, address1 text NOT NULL, address2 text NOT NULL, city text NOT NULL, state text NOT NULL, postcode text NOT NULL,
  country text NOT NULL, phonenumber text NOT NULL, password text NOT NULL, currency int(10) NOT NULL, defaultgateway text NOT NULL,
  credit decimal(10,2) NOT NULL, taxexempt text NOT NULL, latefeeoveride text NOT NULL, overideduenotices text NOT NULL,
  separateinvoices text NOT NULL, disableautocc text NOT NULL, datecreated date NOT NULL, notes text NOT NULL, groupid int(10) NOT NULL,
  lastlogin datetime DEFAULT NULL, status enum('Active','Inactive','Closed') NOT NULL DEFAULT 'Active', language text NOT NULL,
  PRIMARY KEY (id), KEY firstname_lastname (firstname(32),lastname(32)), KEY email (email(64))) DEFAULT CHARSET=utf8;

CREATE TABLE tblcontacts (id int(10) NOT NULL AUTO_INCREMENT, userid int(10) NOT NULL, firstname text NOT NULL, lastname text NOT NULL,
  companyname text NOT NULL, email text NOT NULL, phonenumber text NOT NULL, subaccount int(1) NOT NULL DEFAULT 0, password text NOT NULL,
  generalemails int(1) NOT NULL, invoiceemails int(1) NOT NULL, supportemails int(1) NOT NULL, PRIMARY KEY (id), KEY userid (userid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblcustomfields (id int(10) NOT NULL AUTO_INCREMENT, type text NOT NULL, relid int(10) NOT NULL DEFAULT 0, fieldname text NOT NULL,
  fieldtype text NOT NULL, description text NOT NULL, fieldoptions text NOT NULL, regexpr text NOT NULL, adminonly text NOT NULL,
  required text NOT NULL, showorder text NOT NULL, showinvoice text NOT NULL, sortorder int(10) NOT NULL DEFAULT 0, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblcustomfieldsvalues (fieldid int(10) NOT NULL, relid int(10) NOT NULL, value text NOT NULL, KEY fieldid_relid (fieldid,relid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblnotes (id int(10) NOT NULL AUTO_INCREMENT, userid int(10) NOT NULL, adminid int(10) NOT NULL, created datetime NOT NULL,
  modified datetime NOT NULL, note text NOT NULL, sticky int(1) NOT NULL, PRIMARY KEY (id), KEY userid (userid)) DEFAULT CHARSET=utf8;

CREATE TABLE tbladmins (id int(10) NOT NULL AUTO_INCREMENT, roleid int(1) NOT NULL, username text NOT NULL, password varchar(32) NOT NULL DEFAULT '',
  passwordhash varchar(255) NOT NULL DEFAULT '', firstname text NOT NULL, lastname text NOT NULL, email text NOT NULL, signature text NOT NULL,
  notes text NOT NULL, disabled int(1) NOT NULL, supportdepts text NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblticketdepartments (id int(10) NOT NULL AUTO_INCREMENT, name text NOT NULL, description text NOT NULL, email text NOT NULL,
  clientsonly text NOT NULL, piperepliesonly text NOT NULL, noautoresponder text NOT NULL, hidden text NOT NULL, `order` int(1) NOT NULL,
  host text NOT NULL, port text NOT NULL, login text NOT NULL, password text NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblhosting (id int(10) NOT NULL AUTO_INCREMENT, userid int(10) NOT NULL, orderid int(10) NOT NULL, packageid int(10) NOT NULL,
  regdate date NOT NULL, domain text NOT NULL, paymentmethod text NOT NULL, firstpaymentamount decimal(10,2) NOT NULL DEFAULT 0.00,
  amount decimal(10,2) NOT NULL DEFAULT 0.00, billingcycle text NOT NULL, nextduedate date DEFAULT NULL, nextinvoicedate date NOT NULL,
  domainstatus enum('Pending','Active','Suspended','Terminated','Cancelled','Fraud') NOT NULL DEFAULT 'Pending', notes text NOT NULL,
  promoid int(10) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY userid (userid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblinvoices (id int(10) NOT NULL AUTO_INCREMENT, userid int(10) NOT NULL, invoicenum text NOT NULL, date date DEFAULT NULL,
  duedate date DEFAULT NULL, datepaid datetime NOT NULL DEFAULT '0000-00-00 00:00:00', subtotal decimal(10,2) NOT NULL, credit decimal(10,2) NOT NULL,
  tax decimal(10,2) NOT NULL, tax2 decimal(10,2) NOT NULL, total decimal(10,2) NOT NULL DEFAULT 0.00, taxrate decimal(10,2) NOT NULL,
  taxrate2 decimal(10,2) NOT NULL, status text NOT NULL, paymentmethod text NOT NULL, notes text NOT NULL,
  PRIMARY KEY (id), KEY userid (userid), KEY status (status(3)), KEY duedate (duedate)) DEFAULT CHARSET=utf8;

CREATE TABLE tblinvoiceitems (id int(10) NOT NULL AUTO_INCREMENT, invoiceid int(10) NOT NULL DEFAULT 0, userid int(10) NOT NULL, type text NOT NULL,
  relid int(10) NOT NULL, description text NOT NULL, amount decimal(10,2) NOT NULL DEFAULT 0.00, taxed int(1) NOT NULL, duedate date DEFAULT NULL,
  paymentmethod text NOT NULL, notes text NOT NULL, PRIMARY KEY (id), KEY invoiceid (invoiceid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblaccounts (id int(10) NOT NULL AUTO_INCREMENT, userid int(10) NOT NULL, currency int(10) NOT NULL, gateway text NOT NULL,
  date datetime DEFAULT NULL, description text NOT NULL, amountin decimal(10,2) NOT NULL DEFAULT 0.00, fees decimal(10,2) NOT NULL DEFAULT 0.00,
  amountout decimal(10,2) NOT NULL DEFAULT 0.00, rate decimal(10,5) NOT NULL DEFAULT 1.00000, transid text NOT NULL, invoiceid int(10) NOT NULL DEFAULT 0,
  refundid int(10) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY invoiceid (invoiceid), KEY userid (userid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblcredit (id int(10) NOT NULL AUTO_INCREMENT, clientid int(10) NOT NULL, date date NOT NULL, description text NOT NULL,
  amount decimal(10,2) NOT NULL, relid int(10) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY clientid (clientid)) DEFAULT CHARSET=utf8;

CREATE TABLE tbltickets (id int(10) NOT NULL AUTO_INCREMENT, tid varchar(15) NOT NULL, did int(10) NOT NULL, userid int(10) NOT NULL,
  name text NOT NULL, email text NOT NULL, cc text NOT NULL, c text NOT NULL, date datetime NOT NULL, title text NOT NULL, message text NOT NULL,
  status text NOT NULL, urgency text NOT NULL, admin text NOT NULL, attachment text NOT NULL, lastreply datetime NOT NULL, flag int(1) NOT NULL,
  clientunread int(1) NOT NULL, adminunread text NOT NULL, replyingadmin int(1) NOT NULL, replyingtime datetime NOT NULL, service text NOT NULL,
  PRIMARY KEY (id), KEY tid_c (tid,c(64)), KEY userid (userid), KEY status (status(10)), KEY date (date)) DEFAULT CHARSET=utf8;

CREATE TABLE tblticketreplies (id int(10) NOT NULL AUTO_INCREMENT, tid int(10) NOT NULL, userid int(10) NOT NULL, name text NOT NULL,
  email text NOT NULL, date datetime NOT NULL, message text NOT NULL, admin text NOT NULL, attachment text NOT NULL, rating int(5) NOT NULL,
  PRIMARY KEY (id), KEY tid_date (tid,date)) DEFAULT CHARSET=utf8;

CREATE TABLE tblticketnotes (id int(10) NOT NULL AUTO_INCREMENT, ticketid int(10) NOT NULL, admin text NOT NULL, date datetime NOT NULL,
  message text NOT NULL, PRIMARY KEY (id), KEY ticketid_date (ticketid,date)) DEFAULT CHARSET=utf8;

CREATE TABLE tblproductgroups (id int(10) NOT NULL AUTO_INCREMENT, name text NOT NULL, orderfrmtpl text NOT NULL, disabledgateways text NOT NULL,
  hidden text NOT NULL, `order` int(1) NOT NULL DEFAULT 0, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblproducts (id int(10) NOT NULL AUTO_INCREMENT, type text NOT NULL, gid int(10) NOT NULL, name text NOT NULL, description text NOT NULL,
  hidden text NOT NULL, paytype text NOT NULL, retired int(1) NOT NULL DEFAULT 0, `order` int(1) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY gid (gid)) DEFAULT CHARSET=utf8;

CREATE TABLE tblpricing (id int(10) NOT NULL AUTO_INCREMENT, type enum('product','addon','configoptions','domainregister','domaintransfer','domainrenew','domainaddons') NOT NULL,
  currency int(10) NOT NULL, relid int(10) NOT NULL, msetupfee decimal(10,2) NOT NULL, qsetupfee decimal(10,2) NOT NULL, ssetupfee decimal(10,2) NOT NULL,
  asetupfee decimal(10,2) NOT NULL, bsetupfee decimal(10,2) NOT NULL, tsetupfee decimal(10,2) NOT NULL, monthly decimal(10,2) NOT NULL,
  quarterly decimal(10,2) NOT NULL, semiannually decimal(10,2) NOT NULL, annually decimal(10,2) NOT NULL, biennially decimal(10,2) NOT NULL,
  triennially decimal(10,2) NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;

CREATE TABLE tblorders (id int(10) NOT NULL AUTO_INCREMENT, ordernum bigint(10) NOT NULL, userid int(10) NOT NULL, contactid int(10) NOT NULL,
  date datetime NOT NULL, promocode text NOT NULL, amount decimal(10,2) NOT NULL, paymentmethod text NOT NULL, invoiceid int(10) NOT NULL DEFAULT 0,
  status text NOT NULL, ipaddress text NOT NULL, notes text NOT NULL, PRIMARY KEY (id), KEY userid (userid)) DEFAULT CHARSET=utf8;

-- Configurable options (groups linked to products; sub-options priced in tblpricing type 'configoptions'), addons, promotions.
-- The group and link tables without an engine or primary key, as 5.3's upgrade scripts left them.
CREATE TABLE tblproductconfiggroups (id int(10) NOT NULL AUTO_INCREMENT, name text NOT NULL, description text NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=latin1;
CREATE TABLE tblproductconfiglinks (gid int(10) NOT NULL, pid int(10) NOT NULL, KEY gid (gid)) DEFAULT CHARSET=latin1;
CREATE TABLE tblproductconfigoptions (id int(10) NOT NULL AUTO_INCREMENT, gid int(10) NOT NULL DEFAULT 0, optionname text NOT NULL, optiontype text NOT NULL,
  qtyminimum int(10) NOT NULL, qtymaximum int(10) NOT NULL, `order` int(1) NOT NULL DEFAULT 0, hidden int(1) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY productid (gid)) DEFAULT CHARSET=utf8;
CREATE TABLE tblproductconfigoptionssub (id int(10) NOT NULL AUTO_INCREMENT, configid int(10) NOT NULL, optionname text NOT NULL, sortorder int(10) NOT NULL DEFAULT 0,
  hidden int(1) NOT NULL, PRIMARY KEY (id), KEY configid (configid)) DEFAULT CHARSET=utf8;
CREATE TABLE tblhostingconfigoptions (id int(10) NOT NULL AUTO_INCREMENT, relid int(10) NOT NULL, configid int(10) NOT NULL, optionid int(10) NOT NULL,
  qty int(10) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY relid_configid (relid,configid)) DEFAULT CHARSET=utf8;
CREATE TABLE tbladdons (id int(10) NOT NULL AUTO_INCREMENT, packages text NOT NULL, name text NOT NULL, description text NOT NULL, billingcycle text NOT NULL,
  tax text NOT NULL, showorder text NOT NULL, downloads text NOT NULL, autoactivate text NOT NULL, suspendproduct text NOT NULL, welcomeemail int(10) NOT NULL,
  weight int(2) NOT NULL DEFAULT 0, PRIMARY KEY (id)) DEFAULT CHARSET=utf8;
CREATE TABLE tblhostingaddons (id int(10) NOT NULL AUTO_INCREMENT, orderid int(10) NOT NULL, hostingid int(10) NOT NULL, addonid int(10) NOT NULL, name text NOT NULL,
  setupfee decimal(10,2) NOT NULL DEFAULT 0.00, recurring decimal(10,2) NOT NULL DEFAULT 0.00, billingcycle text NOT NULL, tax text NOT NULL,
  status enum('Pending','Active','Suspended','Terminated','Cancelled','Fraud') NOT NULL DEFAULT 'Pending', regdate date NOT NULL DEFAULT '0000-00-00',
  nextduedate date DEFAULT NULL, nextinvoicedate date NOT NULL, paymentmethod text NOT NULL, notes text NOT NULL, PRIMARY KEY (id), KEY hostingid (hostingid)) DEFAULT CHARSET=utf8;
CREATE TABLE tblpromotions (id int(10) NOT NULL AUTO_INCREMENT, code text NOT NULL, type text NOT NULL, recurring int(1) DEFAULT NULL, value decimal(10,2) NOT NULL DEFAULT 0.00,
  cycles text NOT NULL, appliesto text NOT NULL, requires text NOT NULL, requiresexisting int(1) NOT NULL, startdate date NOT NULL, expirationdate date DEFAULT NULL,
  maxuses int(10) NOT NULL DEFAULT 0, uses int(10) NOT NULL DEFAULT 0, lifetimepromo int(1) NOT NULL, applyonce int(1) NOT NULL, newsignups int(1) NOT NULL,
  existingclient int(11) NOT NULL, onceperclient int(11) NOT NULL, recurfor int(3) NOT NULL, upgrades int(1) NOT NULL, upgradeconfig text NOT NULL, notes text NOT NULL,
  PRIMARY KEY (id)) DEFAULT CHARSET=utf8;
