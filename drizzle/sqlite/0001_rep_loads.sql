-- Keep rep_loads.open_leads equal to the number of leads each person holds (status offered or owned),
-- whatever statement changes a lead: routing reads it instead of counting leads.
CREATE TRIGGER `leads_load_insert` AFTER INSERT ON `leads`
WHEN NEW.`status` IN ('offered', 'owned') AND NEW.`owner_id` IS NOT NULL
BEGIN
  INSERT INTO `rep_loads` (`person_id`, `open_leads`) VALUES (NEW.`owner_id`, 1)
  ON CONFLICT (`person_id`) DO UPDATE SET `open_leads` = `open_leads` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_load_release` AFTER UPDATE OF `status`, `owner_id` ON `leads`
WHEN OLD.`status` IN ('offered', 'owned') AND OLD.`owner_id` IS NOT NULL
BEGIN
  UPDATE `rep_loads` SET `open_leads` = `open_leads` - 1 WHERE `person_id` = OLD.`owner_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_load_take` AFTER UPDATE OF `status`, `owner_id` ON `leads`
WHEN NEW.`status` IN ('offered', 'owned') AND NEW.`owner_id` IS NOT NULL
BEGIN
  INSERT INTO `rep_loads` (`person_id`, `open_leads`) VALUES (NEW.`owner_id`, 1)
  ON CONFLICT (`person_id`) DO UPDATE SET `open_leads` = `open_leads` + 1;
END;
--> statement-breakpoint
INSERT INTO `rep_loads` (`person_id`, `open_leads`)
SELECT `owner_id`, count(*) FROM `leads` WHERE `status` IN ('offered', 'owned') AND `owner_id` IS NOT NULL GROUP BY `owner_id`
ON CONFLICT (`person_id`) DO UPDATE SET `open_leads` = excluded.`open_leads`;
